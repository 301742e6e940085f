using System.Diagnostics;

namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>
/// The silo of the previous release, built from this clone's git history: <c>git archive</c> of its commit into a
/// folder under the temp directory, then <c>dotnet build</c> of its silo project. The build is kept (by commit) and
/// reused by later runs on the same machine; a clean CI machine builds it once.
/// </summary>
internal static class PreviousRelease
{
    /// <summary>
    /// The last commit of main before this session's work (migrations 0001-0012, recorded by name only): the build
    /// that databases in use were migrated by. Move it forward to the last commit of each release.
    /// </summary>
    public const string Commit = "196bd67dbfefddfb57e3b427ab06108dcb0cbf92";

    private static readonly TimeSpan GitTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);
    private const string BuiltMarker = "built-by-cluster-tests";

    /// <summary>The folder holding the previous release's runnable silo (built now if this machine has none yet).</summary>
    public static async Task<string> BuildSiloAsync(Action<string> log)
    {
        var root = RepositoryLayout.FindRepositoryRoot()
            ?? throw new InvalidOperationException("CalcinosisRegistry.sln was not found above " + AppContext.BaseDirectory + ", so the git history cannot be read.");
        var source = Path.Combine(Path.GetTempPath(), "calcinosis-previous-release", Commit[..12]);
        var siloOutput = Path.Combine(source, "src", RepositoryLayout.SiloAssemblyName, "bin", "Release", "net10.0");
        if (File.Exists(Path.Combine(source, BuiltMarker)) && File.Exists(Path.Combine(siloOutput, RepositoryLayout.SiloAssemblyName + ".dll")))
        {
            log($"previous release {Commit[..7]}: reusing the silo built in {siloOutput}");
            return siloOutput;
        }

        var exists = await RunAsync("git", root, GitTimeout, "cat-file", "-e", Commit + "^{commit}");
        if (exists.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"The previous release's commit {Commit} is not in this clone's history ({exists.Describe()}). "
                + "The rolling-upgrade test builds it from git: clone with full history (not --depth).");
        }

        if (Directory.Exists(source))
        {
            Directory.Delete(source, recursive: true);
        }

        Directory.CreateDirectory(source);
        var archive = source + ".tar";
        var clock = Stopwatch.StartNew();
        Require(await RunAsync("git", root, GitTimeout, "archive", "--format=tar", "-o", archive, Commit), "git archive");
        Require(await RunAsync("tar", source, GitTimeout, "-xf", archive), "tar -xf");
        File.Delete(archive);
        Require(await RunAsync("dotnet", source, BuildTimeout, "build", Path.Combine("src", RepositoryLayout.SiloAssemblyName), "-c", "Release", "-nologo", "-v", "q",
                // Only to run it: its analyzers were satisfied when it was released, and skipping them saves build time.
                "-p:RunAnalyzers=false"),
            "dotnet build of the previous release's silo");
        await File.WriteAllTextAsync(Path.Combine(source, BuiltMarker), Commit);
        log($"previous release {Commit[..7]}: git archive + dotnet build of its silo took {clock.Elapsed.TotalSeconds:0} s ({siloOutput})");
        return siloOutput;
    }

    private static void Require(ScriptOutcome outcome, string step)
    {
        if (outcome.ExitCode != 0)
        {
            // A build reports its errors on standard output.
            var output = string.Join('\n', outcome.StandardOutput.Split('\n').TakeLast(30));
            throw new InvalidOperationException($"{step} failed for the previous release {Commit}: {outcome.Describe()}\n{output}");
        }
    }

    private static async Task<ScriptOutcome> RunAsync(string program, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // dotnet test hands its own MSBuild settings to child processes; the nested build must find its own.
        foreach (var name in startInfo.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{program} could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return new ScriptOutcome(-1, await stdout, $"timed out after {timeout.TotalSeconds:0} s. " + await stderr);
        }

        return new ScriptOutcome(process.ExitCode, await stdout, await stderr);
    }
}
