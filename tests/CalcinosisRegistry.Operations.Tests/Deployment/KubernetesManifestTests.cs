using CalcinosisRegistry.Operations.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace CalcinosisRegistry.Operations.Tests.Deployment;

/// <summary>
/// Defect 7: the migration Job's fixed name could not be re-applied for the next release, silos crash-looped until
/// it finished, the api's readiness ignored PostgreSQL, images had no registry or tag convention; and (defect 5) a
/// working admin token shipped in the manifests. deploy/k8s is applied with `kubectl apply -k`.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Directory = RepositoryRoot.Combine("deploy", "k8s");
    private static readonly YamlMappingNode Kustomization = Yaml.Documents(Path.Combine(Directory, "kustomization.yaml")).Single();
    private static readonly IReadOnlyList<YamlMappingNode> Manifests =
        [.. Kustomization.Items("resources").Select(r => ((YamlScalarNode)r).Value!).SelectMany(file => Yaml.Documents(Path.Combine(Directory, file)))];

    [Fact]
    public void Every_manifest_file_is_a_kustomization_resource()
    {
        var listed = Kustomization.Items("resources").Select(r => ((YamlScalarNode)r).Value).Order(StringComparer.Ordinal);
        var files = System.IO.Directory.GetFiles(Directory, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order(StringComparer.Ordinal);

        Assert.Equal(files, listed);
    }

    [Fact]
    public void The_migration_job_takes_the_release_tag_into_its_name_and_cleans_itself_up()
    {
        var job = Assert.Single(Manifests.Kind("Job"));
        var jobName = job.Text("metadata", "name")!;
        var replacement = Assert.Single(Kustomization.Items("replacements"));

        Assert.Equal("Job", replacement.Text("source", "kind"));
        Assert.Equal(jobName, replacement.Text("source", "name"));
        Assert.Equal("spec.template.spec.containers.[name=migrate].image", replacement.Text("source", "fieldPath"));
        Assert.Equal(":", replacement.Text("source", "options", "delimiter"));
        Assert.Equal("1", replacement.Text("source", "options", "index"));
        var target = Assert.Single(replacement.Items("targets"));
        Assert.Equal(jobName, target.Text("select", "name"));
        Assert.Equal(["metadata.name"], target.Items("fieldPaths").Select(p => ((YamlScalarNode)p).Value));
        Assert.Equal("-", target.Text("options", "delimiter"));
        // The replaced part is the name's last '-' part, so the release tag becomes its suffix.
        Assert.Equal((jobName.Split('-').Length - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), target.Text("options", "index"));
        Assert.True(int.Parse(job.Text("spec", "ttlSecondsAfterFinished")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public void Silos_wait_for_the_schema_in_an_init_container_instead_of_crash_looping()
    {
        var silo = Deployment("registry-silo");
        var init = Assert.Single(silo.Items("spec", "template", "spec", "initContainers"));
        var container = Assert.Single(silo.Items("spec", "template", "spec", "containers"));

        Assert.Equal(container.Text("image"), init.Text("image"));
        Assert.Equal(["migrate"], init.Items("args").Select(a => ((YamlScalarNode)a).Value));
        Assert.Contains(init.Items("env"), e => e.Text("name") == "ConnectionStrings__Registry");
        Assert.Contains(container.Items("env"), e => e.Text("name") == "Registry__MigrateOnStart" && e.Text("value") == "false");
    }

    [Theory]
    [InlineData("registry-silo")]
    [InlineData("registry-api")]
    public void Readiness_is_the_ready_probe_and_liveness_the_live_one(string name)
    {
        var container = Assert.Single(Deployment(name).Items("spec", "template", "spec", "containers"));

        Assert.Equal("/health/ready", container.Text("readinessProbe", "httpGet", "path"));
        Assert.Equal("/health/live", container.Text("livenessProbe", "httpGet", "path"));
    }

    [Fact]
    public void The_api_is_given_the_database_its_readiness_checks()
    {
        var container = Assert.Single(Deployment("registry-api").Items("spec", "template", "spec", "containers"));

        // With ConnectionStrings__Registry the front end writes the audit trail to PostgreSQL and its /health/ready
        // includes the database check (RegistryClientHosting).
        Assert.Contains(container.Items("env"), e => e.Text("name") == "ConnectionStrings__Registry" && e.Text("valueFrom", "secretKeyRef", "key") == "connection-string");
    }

    [Fact]
    public void Registry_images_are_named_by_kustomize_with_a_registry_and_a_release_tag()
    {
        var images = Kustomization.Items("images").ToDictionary(i => i.Text("name")!);
        var used = Manifests.SelectMany(m => m.Items("spec", "template", "spec", "containers").Concat(m.Items("spec", "template", "spec", "initContainers")))
            .Select(c => c.Text("image")!).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(["calcinosis-registry-api", "calcinosis-registry-silo"], images.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, image) in images)
        {
            Assert.Contains(name, used);
            Assert.Equal($"/{name}", image.Text("newName")![image.Text("newName")!.LastIndexOf('/')..]);
            Assert.Matches("^[0-9A-Za-z_][0-9A-Za-z_.-]*$", image.Text("newTag"));
            Assert.NotEqual("latest", image.Text("newTag"));
        }

        // Every other image is pinned by a tag of its own.
        Assert.All(used.Where(u => !images.ContainsKey(u)), image => Assert.Matches(@":[0-9][0-9A-Za-z_.-]*$", image));
    }

    [Fact]
    public void No_secret_value_is_committed_and_the_secret_comes_from_an_uncommitted_file()
    {
        Assert.Empty(Manifests.Kind("Secret"));
        var generator = Assert.Single(Kustomization.Items("secretGenerator"));
        Assert.Equal("registry-database", generator.Text("name"));
        Assert.Equal(["secrets.env"], generator.Items("envs").Select(e => ((YamlScalarNode)e).Value));
        Assert.Contains("deploy/k8s/secrets.env", File.ReadAllLines(RepositoryRoot.Combine(".gitignore")));

        var example = File.ReadAllLines(Path.Combine(Directory, "secrets.env.example")).Where(l => !l.StartsWith('#') && l.Contains('=', StringComparison.Ordinal));
        Assert.Contains("bootstrap-admin-token=", example);
        Assert.Contains("password=", example);
    }

    [Fact]
    public void No_deployment_file_carries_a_change_me_placeholder()
    {
        var files = System.IO.Directory.GetFiles(RepositoryRoot.Combine("deploy"), "*", SearchOption.AllDirectories).Append(RepositoryRoot.Combine("docker-compose.yml"));

        Assert.All(files, file => Assert.DoesNotContain("change-me", File.ReadAllText(file), StringComparison.OrdinalIgnoreCase));
    }

    private static YamlMappingNode Deployment(string name) => Manifests.Kind("Deployment").Single(d => d.Text("metadata", "name") == name);
}
