using CalcinosisRegistry.Operations.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace CalcinosisRegistry.Operations.Tests.Deployment;

/// <summary>
/// docker-compose.yml: no working default admin token (defect 5), health checks on /health/ready, and images named
/// ${REGISTRY}/calcinosis-registry-…:${TAG} like the Kubernetes ones.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly YamlMappingNode Compose = Yaml.Documents(RepositoryRoot.Combine("docker-compose.yml")).Single();

    [Theory]
    [InlineData("migrate")]
    [InlineData("silo")]
    [InlineData("api")]
    public void The_admin_token_and_database_password_are_required_without_defaults(string service)
    {
        // Compose fails with the message after ':?' when the variable is unset or empty; ':-' would be a default.
        Assert.StartsWith("${REGISTRY_BOOTSTRAP_ADMIN_TOKEN:?", Service(service).Text("environment", "Registry__BootstrapAdminToken"));
        Assert.Contains("Password=${REGISTRY_DB_PASSWORD:?", Service(service).Text("environment", "ConnectionStrings__Registry"));
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("api")]
    public void Registry_processes_report_healthy_from_the_ready_probe(string service)
    {
        var test = string.Join(" ", Service(service).Items("healthcheck", "test").Select(t => ((YamlScalarNode)t).Value));

        Assert.Contains("GET /health/ready HTTP/1.0", test);
        Assert.Contains("grep -q ' 200 '", test);
    }

    [Fact]
    public void The_front_end_starts_once_the_silos_are_ready()
    {
        Assert.Equal("service_healthy", Service("api").Text("depends_on", "silo", "condition"));
    }

    [Theory]
    [InlineData("migrate", "silo")]
    [InlineData("silo", "silo")]
    [InlineData("api", "api")]
    public void Images_follow_the_registry_and_tag_convention(string service, string image)
    {
        Assert.Equal($"${{REGISTRY:-localhost}}/calcinosis-registry-{image}:${{TAG:-dev}}", Service(service).Text("image"));
    }

    private static YamlNode Service(string name) => Compose.At("services", name)!;
}
