using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CalcinosisRegistry.Api.Tests.Infrastructure;
using CalcinosisRegistry.Testing;

namespace CalcinosisRegistry.Api.Tests.Readme;

/// <summary>
/// The README's curl walkthrough runs as written (issue 16, item 8): the silo is started as a user starts it, with
/// <c>--demo</c>; the demo must print its sites and ready tokens (and not create the README's <c>north-general</c>);
/// then the bash blocks of the README's "Using it" section, taken from README.md itself, run with bash and curl,
/// and every curl must answer the status the README gives.
/// </summary>
public sealed partial class ReadmeWalkthroughTests
{
    private const string AdminToken = "readme-walkthrough-admin-token-9d41c7";
    private static readonly TimeSpan DemoStartLimit = TimeSpan.FromMinutes(2);

    /// <summary>The README's answers, worked out from its text: provision (3 × 201), submit, replace, read, list, withdraw, statistics × 2.</summary>
    private static readonly int[] ExpectedStatuses = [201, 201, 201, 201, 200, 200, 200, 204, 200, 200];

    [Fact]
    public async Task The_readme_walkthrough_runs_as_written_against_the_demo()
    {
        var ports = FreePorts.Take(3);
        var baseUrl = $"http://127.0.0.1:{ports[2].ToString(CultureInfo.InvariantCulture)}";
        using var silo = StartDemo(ports, baseUrl);
        try
        {
            await RunWalkthroughAsync(await WaitForDemoAsync(silo), baseUrl);
        }
        finally
        {
            silo.Kill(entireProcessTree: true);
            await silo.WaitForExitAsync();
        }
    }

    private static async Task RunWalkthroughAsync(string demoOutput, string baseUrl)
    {
        Assert.Matches(@"export REGISTRY_RESEARCHER_TOKEN=crt_[0-9a-f]+_[0-9a-f]+", demoOutput);
        Assert.Matches(@"export REGISTRY_ANALYST_TOKEN=crt_[0-9a-f]+_[0-9a-f]+", demoOutput);
        Assert.Contains("REGISTRY_ADMIN_TOKEN: the token you set in Registry__BootstrapAdminToken", demoOutput, StringComparison.Ordinal);
        Assert.Contains("lakeside-univ", demoOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("north-general", demoOutput, StringComparison.Ordinal);

        var script = WalkthroughScript().Replace("http://localhost:5080", baseUrl, StringComparison.Ordinal);
        var statusFile = Path.GetTempFileName();
        var scriptFile = Path.GetTempFileName();
        try
        {
            // curl stands for a wrapper that also appends each answer's status to a file: the script stays as written.
            await File.WriteAllTextAsync(scriptFile,
                "set -eu\ncurl() { command curl -sS -w '%{stderr}STATUS %{http_code}\\n' \"$@\" 2>>\"$STATUS_FILE\"; }\n" + script);
            var (exitCode, output) = await ChildProcess.RunAsync("bash", [scriptFile], RepositoryFiles.Root, TimeSpan.FromMinutes(1),
                new Dictionary<string, string> { ["REGISTRY_ADMIN_TOKEN"] = AdminToken, ["STATUS_FILE"] = statusFile });
            var statuses = (await File.ReadAllLinesAsync(statusFile))
                .Where(line => line.StartsWith("STATUS ", StringComparison.Ordinal))
                .Select(line => int.Parse(line["STATUS ".Length..], CultureInfo.InvariantCulture)).ToArray();

            Assert.True(exitCode == 0, $"The walkthrough failed ({exitCode}):\n{output}\n{await File.ReadAllTextAsync(statusFile)}");
            Assert.True(ExpectedStatuses.SequenceEqual(statuses), $"Statuses {string.Join(", ", statuses)}; output:\n{output}");
        }
        finally
        {
            File.Delete(statusFile);
            File.Delete(scriptFile);
        }
    }

    /// <summary>The bash blocks of the README's "## Using it" section, in order.</summary>
    private static string WalkthroughScript()
    {
        var readme = File.ReadAllText(RepositoryFiles.PathOf("README.md"));
        var start = readme.IndexOf("\n## Using it", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no 'Using it' section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];
        var blocks = BashBlock().Matches(section).Select(match => match.Groups[1].Value).ToList();
        Assert.Equal(2, blocks.Count);
        return string.Join('\n', blocks);
    }

    private static Process StartDemo(int[] ports, string baseUrl)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "CalcinosisRegistry.Silo.dll"), "--demo", "--urls", baseUrl })
        {
            start.ArgumentList.Add(argument);
        }

        var clusterId = $"readme-{Guid.NewGuid():N}";
        start.Environment["Registry__BootstrapAdminToken"] = AdminToken;
        start.Environment["Registry__SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture);
        start.Environment["Registry__GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture);
        start.Environment["Registry__ClusterId"] = clusterId;
        start.Environment["Registry__ServiceId"] = clusterId;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return Process.Start(start) ?? throw new InvalidOperationException("The silo did not start.");
    }

    /// <summary>Reads the silo's output until the demo says it is ready (or the process ends); returns what it printed.</summary>
    private static async Task<string> WaitForDemoAsync(Process silo)
    {
        var output = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        silo.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        silo.OutputDataReceived += (_, line) =>
        {
            lock (output)
            {
                output.AppendLine(line.Data);
            }

            // The demo's message ends with its "Try:" line: everything a user needs has been printed.
            if (line.Data?.Contains("Try: curl", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        silo.BeginOutputReadLine();
        silo.BeginErrorReadLine();
        var exited = silo.WaitForExitAsync();
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(DemoStartLimit));
        lock (output)
        {
            Assert.True(first == ready.Task, $"The demo did not get ready:\n{output}");
            return output.ToString();
        }
    }

    [GeneratedRegex(@"```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
