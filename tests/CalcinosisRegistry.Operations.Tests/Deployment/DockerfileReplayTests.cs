using System.Diagnostics;
using CalcinosisRegistry.Operations.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CalcinosisRegistry.Operations.Tests.Deployment;

/// <summary>
/// Replays each Dockerfile's build stage the way the image build runs it, with the .NET SDK in a clean temporary
/// directory: the same COPY steps (the .dockerignore applied, so no bin/ or obj/ of this checkout travels along) and
/// the same `dotnet restore`. Then it checks what the Dockerfile's `dotnet publish --no-restore` needs: an assets file
/// for every project it will build, whose absence is NETSDK1004. The publish itself is not replayed: it compiles the
/// whole graph, measured at 3 min wall (43 s CPU) for the api image alone on this shared two-core machine, which the
/// suite's budget cannot carry; the restore replay is what differed when the image build broke.
/// </summary>
public sealed class DockerfileReplayTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(DockerfileProjectGraphTests.Dockerfiles), MemberType = typeof(DockerfileProjectGraphTests))]
    public async Task The_dockerfile_restore_step_prepares_every_project_publish_builds(string name)
    {
        var dockerfile = Dockerfile.Read(RepositoryRoot.Combine("deploy", name));
        var ignore = DockerIgnore.Read(RepositoryRoot.Combine(".dockerignore"));
        var workDirectory = Directory.CreateTempSubdirectory("registry-docker-replay-");
        try
        {
            foreach (var step in dockerfile.BuildSteps)
            {
                switch (step)
                {
                    case DockerStep.Copy copy:
                        CopyFromContext(copy, ignore, workDirectory.FullName);
                        break;
                    case DockerStep.Run { Command: var command } when command.StartsWith("dotnet restore", StringComparison.Ordinal):
                        await RunAsync(command, workDirectory.FullName);
                        break;
                }
            }

            var published = ProjectGraph.Closure(workDirectory.FullName, dockerfile.PublishedProject);
            Assert.Equal(ProjectGraph.Closure(RepositoryRoot.Path, dockerfile.PublishedProject), published);
            Assert.All(published, project => Assert.True(
                File.Exists(Path.Combine(workDirectory.FullName, Path.GetDirectoryName(project)!, "obj", "project.assets.json")),
                $"{name}: `dotnet restore` left no assets file for {project}; `dotnet publish --no-restore` would fail with NETSDK1004"));
        }
        finally
        {
            workDirectory.Delete(recursive: true);
        }
    }

    /// <summary>COPY as Docker does it: a file to a directory (trailing /), a directory's contents into one.</summary>
    private static void CopyFromContext(DockerStep.Copy copy, DockerIgnore ignore, string workDirectory)
    {
        var destination = Path.GetFullPath(Path.Combine(workDirectory, copy.Destination));
        foreach (var source in copy.Sources)
        {
            var from = RepositoryRoot.Combine(source);
            if (Directory.Exists(from))
            {
                foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
                {
                    var contextPath = Path.GetRelativePath(RepositoryRoot.Path, file).Replace('\\', '/');
                    if (!ignore.Excludes(contextPath))
                    {
                        var target = Path.Combine(destination, Path.GetRelativePath(from, file));
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        File.Copy(file, target, overwrite: true);
                    }
                }
            }
            else
            {
                Directory.CreateDirectory(destination);
                File.Copy(from, Path.Combine(destination, Path.GetFileName(from)), overwrite: true);
            }
        }
    }

    private async Task RunAsync(string command, string workDirectory)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = new ProcessStartInfo(words[0], words[1..])
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // No build server outlives the test.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        output.WriteLine($"{command}: exit {process.ExitCode} after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(process.ExitCode == 0, $"`{command}` failed:\n{await stdout}\n{await stderr}");
    }
}
