namespace CalcinosisRegistry.Benchmarks;

/// <summary>Starts silo processes and waits until every one of them serves.</summary>
public static class SiloLauncher
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    public static async Task<SiloProcess> StartAsync(BenchmarkOptions options, string name, string? connectionString, HttpClient http, CancellationToken cancellationToken) =>
        (await StartManyAsync(options, [name], connectionString, http, cancellationToken))[0];

    public static async Task<IReadOnlyList<SiloProcess>> StartManyAsync(
        BenchmarkOptions options, IReadOnlyList<string> names, string? connectionString, HttpClient http, CancellationToken cancellationToken)
    {
        var dll = SiloLocator.Find(options.SiloDll);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var silos = new List<SiloProcess>();
        try
        {
            foreach (var name in names)
            {
                var silo = SiloProcess.Start(name, dll, connectionString, options.SiloEnvironment, options.ShowSiloOutput);
                silos.Add(silo);
                BenchmarkReport.Progress($"started silo {name} (pid {silo.ProcessId}) at {silo.BaseAddress} {(connectionString is null ? "in memory" : "on PostgreSQL")}");
            }

            if (options.SiloEnvironment.Count > 0)
            {
                BenchmarkReport.Progress($"silo environment: {string.Join(", ", options.SiloEnvironment.Select(e => $"{e.Key}={e.Value}"))}");
            }

            await Task.WhenAll(silos.Select(silo => silo.WaitUntilHealthyAsync(http, StartTimeout, cancellationToken)));
            BenchmarkReport.Progress($"{names.Count} silo(s) healthy after {Format.Seconds(started.Elapsed)}");
            return silos;
        }
        catch
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }

            throw;
        }
    }
}
