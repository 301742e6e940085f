using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>
/// One registry silo (src/CalcinosisRegistry.Silo) as a separate OS process in durable mode. Its output goes to a
/// log file whose tail is printed when something fails; leftovers are always killed on dispose.
/// </summary>
internal sealed class SiloProcess : IDisposable
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private bool _disposed;
    private bool _logClosed;

    private SiloProcess(SiloSettings settings, Process process, StreamWriter log, string logPath)
    {
        Settings = settings;
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    public SiloSettings Settings { get; }

    public string Name => Settings.Name;

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The silo's address as the admin API prints it ("127.0.0.1:port@generation") starts with this.</summary>
    public string SiloAddressPrefix => $"127.0.0.1:{Settings.SiloPort.ToString(CultureInfo.InvariantCulture)}@";

    /// <summary>Starts the process only; see <see cref="WaitUntilHealthyAsync"/>.</summary>
    /// <param name="settings">Its name, database, cluster and ports.</param>
    /// <param name="builtSilo">The folder of another build's silo (a previous release); this build's by default.</param>
    public static SiloProcess Launch(SiloSettings settings, string? builtSilo = null)
    {
        var siloDirectory = builtSilo ?? RepositoryLayout.FindSiloDirectory();
        Directory.CreateDirectory(settings.LogDirectory);
        var logPath = Path.Combine(settings.LogDirectory, $"{settings.Name}.log");
        var log = new StreamWriter(new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite), Encoding.UTF8) { AutoFlush = true };

        var startInfo = new ProcessStartInfo("dotnet")
        {
            // The content root (appsettings.json) is the working directory.
            WorkingDirectory = siloDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(siloDirectory, RepositoryLayout.SiloAssemblyName + ".dll"));
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add(settings.BaseAddress.ToString().TrimEnd('/'));
        var environment = startInfo.Environment;
        environment["ConnectionStrings__Registry"] = settings.ConnectionString;
        environment["Registry__SiloPort"] = settings.SiloPort.ToString(CultureInfo.InvariantCulture);
        environment["Registry__GatewayPort"] = settings.GatewayPort.ToString(CultureInfo.InvariantCulture);
        environment["Registry__ClusterId"] = settings.ClusterId;
        environment["Registry__ServiceId"] = settings.ClusterId;
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // These tests are about durability, not access control: the registry's own switch for "tests of other
        // behaviour" turns tokens, site isolation, suppression off; the per-address rate limit is lifted because
        // every writer of the load comes from 127.0.0.1.
        environment["Registry__Security__Enabled"] = "false";
        environment["Registry__Security__RateLimitPerSecond"] = "100000";
        environment["Registry__Security__RateLimitBurst"] = "100000";
        // Failure detection (Orleans ClusterMembershipOptions via the host's Registry:Membership section): probes
        // every 3 s instead of 5 s, so a SIGKILLed silo is declared dead sooner; still lenient enough for a 2-core CI box.
        environment["Registry__Membership__ProbeTimeout"] = "00:00:03";
        // Membership transitions are what these tests are about; keep them in the log.
        environment["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Information";
        environment["Logging__Console__FormatterName"] = "simple";
        environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        environment["DOTNET_NOLOGO"] = "1";

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var silo = new SiloProcess(settings, process, log, logPath);
        process.OutputDataReceived += (_, e) => silo.AppendLog(e.Data);
        process.ErrorDataReceived += (_, e) => silo.AppendLog(e.Data is null ? null : "[stderr] " + e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Silo {settings.Name} could not be started.");
        }

        silo.AppendLog($"[test] started pid {process.Id}: dotnet {string.Join(' ', startInfo.ArgumentList)}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Starts a silo and waits for its /health to answer 200.</summary>
    public static async Task<SiloProcess> StartAsync(SiloSettings settings, HttpClient http)
    {
        var silo = Launch(settings);
        try
        {
            await silo.WaitUntilHealthyAsync(http);
            return silo;
        }
        catch
        {
            silo.Dispose();
            throw;
        }
    }

    public async Task WaitUntilHealthyAsync(HttpClient http)
    {
        var deadline = Stopwatch.StartNew();
        var last = "no answer yet";
        while (deadline.Elapsed < HealthTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Silo {Name} exited with code {_process.ExitCode} before it was healthy.\n{Tail()}");
            }

            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                using var response = await http.GetAsync(new Uri(Settings.BaseAddress, "/health"), timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    AppendLog($"[test] healthy after {deadline.Elapsed.TotalSeconds:0.0} s");
                    return;
                }

                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(timeout.Token)}";
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
            {
                last = exception.Message;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Silo {Name} was not healthy within {HealthTimeout.TotalSeconds:0} s (last: {last}).\n{Tail()}");
    }

    /// <summary>SIGKILL: the process (and anything it started) dies at once, without any shutdown.</summary>
    public void Kill()
    {
        AppendLog("[test] SIGKILL");
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM, then waits for a graceful exit; returns false (and kills it) if it does not exit in time.</summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return true;
        }

        AppendLog("[test] SIGTERM");
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false }))
        {
            if (kill is not null)
            {
                await kill.WaitForExitAsync();
            }
        }

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            AppendLog($"[test] no exit within {timeout.TotalSeconds:0} s of SIGTERM; killing");
            _process.Kill(entireProcessTree: true);
            return false;
        }
    }

    /// <summary>The last lines of the silo's log, for failure messages.</summary>
    public string Tail(int lines = 60)
    {
        lock (_logLock)
        {
            if (!_logClosed)
            {
                _log.Flush();
            }
        }

        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return $"--- last {lines} lines of {Name}'s log ({LogPath}) ---\n" + string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException exception)
        {
            return $"--- log of {Name} unreadable: {exception.Message} ---";
        }
    }

    /// <summary>Log lines containing <paramref name="text"/>, for evidence in failure messages.</summary>
    public IReadOnlyList<string> LogLinesContaining(string text, int max = 20)
    {
        lock (_logLock)
        {
            if (!_logClosed)
            {
                _log.Flush();
            }
        }

        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n').Where(line => line.Contains(text, StringComparison.Ordinal)).Take(max)];
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
        lock (_logLock)
        {
            _logClosed = true;
            _log.Dispose();
        }
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            if (!_logClosed)
            {
                _log.WriteLine(line);
            }
        }
    }
}
