using System.Diagnostics;

namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>Runs tests/postgres.sh (or another bash script) and returns its exit code and output.</summary>
internal static class ShellScript
{
    public static async Task<ScriptOutcome> RunPostgresScriptAsync(string subcommand, int? port, TimeSpan timeout)
    {
        var root = RepositoryLayout.FindRepositoryRoot()
            ?? throw new InvalidOperationException("CalcinosisRegistry.sln was not found above " + AppContext.BaseDirectory + ", so tests/postgres.sh cannot be run.");
        var startInfo = new ProcessStartInfo("bash")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(root, "tests", "postgres.sh"));
        startInfo.ArgumentList.Add(subcommand);
        if (port is { } value)
        {
            startInfo.Environment["REGISTRY_PG_PORT"] = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("bash could not be started.");
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
