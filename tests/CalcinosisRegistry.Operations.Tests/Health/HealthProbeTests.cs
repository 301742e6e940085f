using System.Net;
using System.Text.Json;
using CalcinosisRegistry.Operations.Tests.Infrastructure;

namespace CalcinosisRegistry.Operations.Tests.Health;

/// <summary>
/// The probes an orchestrator calls anonymously say only whether to send traffic; what each check found is for
/// admins (issue 14, finding 8: the anonymous /health used to say how many sites hold cases).
/// </summary>
public sealed class HealthProbeTests(OperationsRegistryFactory factory) : IClassFixture<OperationsRegistryFactory>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/health")]
    public async Task An_anonymous_probe_answers_200_with_the_status_word_only(string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readiness_checks_the_silo_membership_and_the_cluster_while_liveness_checks_nothing()
    {
        using var admin = factory.CreateClient().As(OperationsRegistryFactory.AdminToken);

        using var response = await admin.GetAsync("/api/admin/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(["cluster", "membership"], checks.Keys.Order(StringComparer.Ordinal));
        foreach (var check in checks.Values)
        {
            Assert.Equal("Healthy", check.GetProperty("status").GetString());
            Assert.Contains("ready", check.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        }

        Assert.Contains("1 active silo", checks["membership"].GetProperty("description").GetString());
    }

    [Fact]
    public async Task The_health_details_are_refused_to_anonymous_callers()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/api/admin/health");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_health_details_are_refused_to_an_analyst()
    {
        using var admin = factory.CreateClient().As(OperationsRegistryFactory.AdminToken);
        var analystToken = await RegistryCalls.IssueTokenAsync(admin, $"analyst-{Guid.NewGuid():N}"[..20], "analyst");
        using var analyst = factory.CreateClient().As(analystToken);

        using var response = await analyst.GetAsync("/api/admin/health");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
