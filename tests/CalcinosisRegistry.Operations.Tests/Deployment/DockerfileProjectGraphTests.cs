using CalcinosisRegistry.Operations.Tests.Infrastructure;

namespace CalcinosisRegistry.Operations.Tests.Deployment;

/// <summary>
/// Defect 6: deploy/api.Dockerfile never copied CalcinosisRegistry.Grains.csproj before `dotnet restore`, so the image
/// build's `publish --no-restore` failed with NETSDK1004. No Docker engine runs here, so the Dockerfiles are checked
/// against the project graph of the project each one publishes.
/// </summary>
public sealed class DockerfileProjectGraphTests
{
    public static TheoryData<string> Dockerfiles() => [.. DockerfileNames()];

    private static IEnumerable<string> DockerfileNames() =>
        Directory.GetFiles(RepositoryRoot.Combine("deploy"), "*.Dockerfile").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal);

    [Fact]
    public void Both_images_have_a_dockerfile()
    {
        Assert.Equal(["api.Dockerfile", "silo.Dockerfile"], DockerfileNames());
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Every_project_the_published_project_references_is_copied_before_restore(string name)
    {
        var dockerfile = Dockerfile.Read(RepositoryRoot.Combine("deploy", name));
        Assert.Equal(dockerfile.PublishedProject, dockerfile.RestoredProject);

        var needed = ProjectGraph.Closure(RepositoryRoot.Path, dockerfile.PublishedProject);
        var copied = dockerfile.FilesCopiedBeforeRestore.Where(f => f.EndsWith(".csproj", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(needed.Except(copied));
        Assert.Empty(copied.Except(needed));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void The_build_files_that_shape_restore_are_copied_before_it(string name)
    {
        var copied = Dockerfile.Read(RepositoryRoot.Combine("deploy", name)).FilesCopiedBeforeRestore;

        Assert.Contains("Directory.Build.props", copied);
        Assert.Contains("Directory.Packages.props", copied);
        Assert.All(copied, file => Assert.True(File.Exists(RepositoryRoot.Combine(file)), $"{name} copies {file}, which does not exist"));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void The_entrypoint_runs_the_published_assembly(string name)
    {
        var dockerfile = Dockerfile.Read(RepositoryRoot.Combine("deploy", name));

        Assert.Contains($"\"{Path.GetFileNameWithoutExtension(dockerfile.PublishedProject)}.dll\"", dockerfile.Entrypoint);
    }

    [Fact]
    public void The_dockerignore_keeps_build_outputs_git_and_secrets_out_of_the_context()
    {
        var ignore = DockerIgnore.Read(RepositoryRoot.Combine(".dockerignore"));

        Assert.True(ignore.Excludes("src/CalcinosisRegistry.Api/bin/Release/net10.0/CalcinosisRegistry.Api.dll"));
        Assert.True(ignore.Excludes("src/CalcinosisRegistry.Grains/obj/project.assets.json"));
        Assert.True(ignore.Excludes(".git/HEAD"));
        Assert.True(ignore.Excludes("deploy/k8s/secrets.env"));
        Assert.True(ignore.Excludes(".env"));
        Assert.False(ignore.Excludes("src/CalcinosisRegistry.Api/Program.cs"));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void The_dockerignore_leaves_everything_a_dockerfile_copies(string name)
    {
        var ignore = DockerIgnore.Read(RepositoryRoot.Combine(".dockerignore"));
        var sources = Dockerfile.Read(RepositoryRoot.Combine("deploy", name)).BuildSteps.OfType<DockerStep.Copy>().SelectMany(c => c.Sources);

        Assert.All(sources, source => Assert.False(ignore.Excludes(source.TrimEnd('/')), $"{name} copies {source}, which .dockerignore leaves out"));
    }
}
