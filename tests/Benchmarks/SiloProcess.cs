using CalcinosisRegistry.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// One registry silo as a separate process (<c>dotnet CalcinosisRegistry.Silo.dll</c>) on free loopback ports:
/// embedded in memory, or durable when given a PostgreSQL connection string. Killed (with its tree) on dispose.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 200;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _recentOutput = new();
    private readonly string _name;

    private SiloProcess(string name, Process process, Uri baseAddress)
    {
        _name = name;
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>CPU time the silo process has used so far (user and system), to tell its cost per request.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static SiloProcess Start(string name, string siloDll, string? connectionString, IReadOnlyDictionary<string, string> environment, bool echoOutput)
    {
        var ports = FreePorts.Take(3);
        var baseAddress = new Uri($"http://127.0.0.1:{ports[0]}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(siloDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(siloDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment["Registry__SiloPort"] = ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Registry__GatewayPort"] = ports[2].ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (connectionString is null)
        {
            start.Environment.Remove("ConnectionStrings__Registry");
        }
        else
        {
            start.Environment["ConnectionStrings__Registry"] = connectionString;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(name, process, baseAddress);
        process.OutputDataReceived += (_, line) => silo.Remember(line.Data, echoOutput);
        process.ErrorDataReceived += (_, line) => silo.Remember(line.Data, echoOutput);
        process.Start();
        ChildProcessTracker.Track(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits until <c>GET /health</c> answers 200; fails at once, with its output, if the process exits.</summary>
    public async Task WaitUntilHealthyAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        while (started.Elapsed < timeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Silo {_name} exited with code {_process.ExitCode} before it was healthy. Its output:\n{RecentOutput()}");
            }

            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(probe.Token, cancellationToken);
                using var response = await http.GetAsync(new Uri(BaseAddress, "/health"), linked.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A slow start-up: ask again.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"Silo {_name} was not healthy within {timeout.TotalSeconds:0} s. Its output:\n{RecentOutput()}");
    }

    public string RecentOutput() => string.Join('\n', _recentOutput);

    public ValueTask DisposeAsync()
    {
        ChildProcessTracker.Kill(_process);
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Remember(string? line, bool echo)
    {
        if (line is null)
        {
            return;
        }

        _recentOutput.Enqueue(line);
        while (_recentOutput.Count > KeptOutputLines && _recentOutput.TryDequeue(out _))
        {
        }

        if (echo)
        {
            Console.Error.WriteLine($"[{_name}] {line}");
        }
    }
}
