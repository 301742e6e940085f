using Xunit.Abstractions;

namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>The silo processes of one test: started together, their log tails printed on failure, all killed at the end.</summary>
internal sealed class SiloGroup : IDisposable
{
    private readonly List<SiloProcess> _silos = [];

    public IReadOnlyList<SiloProcess> Silos => _silos;

    public string LogDirectory { get; } = Path.Combine(Path.GetTempPath(), "calcinosis-cluster-tests", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"[..30]);

    /// <summary>Starts the silos at once (migrations serialise on the database's advisory lock) and waits until all are healthy.</summary>
    public async Task StartAsync(HttpClient http, string connectionString, string clusterId, int count, string namePrefix)
    {
        for (var i = 0; i < count; i++)
        {
            _silos.Add(SiloProcess.Launch(SiloSettings.WithFreePorts($"{namePrefix}-{i + 1}", connectionString, clusterId, LogDirectory)));
        }

        await Task.WhenAll(_silos.Select(silo => silo.WaitUntilHealthyAsync(http)));
    }

    /// <summary>Starts one more silo, of this build or of the build in <paramref name="builtSilo"/>, and waits until it is healthy.</summary>
    public async Task<SiloProcess> StartOneAsync(HttpClient http, string connectionString, string clusterId, string name, string? builtSilo = null)
    {
        var silo = SiloProcess.Launch(SiloSettings.WithFreePorts(name, connectionString, clusterId, LogDirectory), builtSilo);
        _silos.Add(silo);
        await silo.WaitUntilHealthyAsync(http);
        return silo;
    }

    public IReadOnlyList<SiloEndpoint> Endpoints(IEnumerable<SiloProcess>? only = null) =>
        [.. (only ?? _silos).Select(silo => new SiloEndpoint(silo.Name, silo.Settings.BaseAddress))];

    /// <summary>
    /// Writes every silo's log tail, then the failure: last, so that a log excerpt that keeps only the end of the
    /// output still says why the test failed.
    /// </summary>
    public void ReportFailure(ITestOutputHelper output, Exception exception)
    {
        output.WriteLine(string.Join("\n", _silos.Select(silo => silo.Tail(40))));
        output.WriteLine($"FAILED: {exception.GetType().Name}: {exception.Message}");
    }

    public void Dispose()
    {
        foreach (var silo in _silos)
        {
            silo.Dispose();
        }
    }
}
