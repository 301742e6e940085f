using CalcinosisRegistry.Api.Tests.Infrastructure;

namespace CalcinosisRegistry.Api.Tests.Robustness;

/// <summary>The issue: "no request of any shape gets a 5xx". Every odd request of the catalogue must answer below 500.</summary>
public sealed class NoServerErrorTests(RegistryApiFactory factory) : IClassFixture<RegistryApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string> RequestNames() => new(WeirdRequests.All.Select(request => request.Name));

    [Theory]
    [MemberData(nameof(RequestNames))]
    public async Task An_odd_request_never_gets_a_server_error(string name)
    {
        var weird = WeirdRequests.All.Single(request => request.Name == name);
        using var request = await weird.Build(_client, TestSites.New("sweep"));

        using var response = await _client.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{name}: {request.Method} {Shorten(request.RequestUri?.OriginalString)} answered {(int)response.StatusCode}: {Shorten(body)}");
    }

    [Fact]
    public async Task The_registry_still_serves_after_the_whole_sweep()
    {
        foreach (var weird in WeirdRequests.All)
        {
            using var request = await weird.Build(_client, TestSites.New("sweep-all"));
            using var response = await _client.SendAsync(request);
            Assert.True((int)response.StatusCode < 500, $"{weird.Name} answered {(int)response.StatusCode}");
        }

        using var health = await _client.GetAsync("/health");
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        var site = TestSites.New("after-sweep");
        await _client.CreateCaseAsync(site, "OK-1", CaseDocuments.Json(CaseDocuments.Valid("OK-1")));
    }

    private static string Shorten(string? text) => text is null || text.Length <= 300 ? text ?? string.Empty : text[..300] + "…";
}
