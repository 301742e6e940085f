namespace CalcinosisRegistry.Benchmarks;

/// <summary>Starts silo processes and waits until every one of them serves.</summary>
public static class SiloLauncher
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    /// <param name="environment">The silo's extra environment; null means <see cref="BenchmarkOptions.SiloEnvironment"/>.</param>
    public static async Task<SiloProcess> StartAsync(
        BenchmarkOptions options, string name, string? connectionString, HttpClient http, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null) =>
        (await StartManyAsync(options, [name], connectionString, http, cancellationToken, environment))[0];

    /// <param name="environment">The silos' extra environment; null means <see cref="BenchmarkOptions.SiloEnvironment"/>.</param>
    public static async Task<IReadOnlyList<SiloProcess>> StartManyAsync(
        BenchmarkOptions options, IReadOnlyList<string> names, string? connectionString, HttpClient http, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        environment ??= options.SiloEnvironment;
        var dll = SiloLocator.Find(options.SiloDll);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var silos = new List<SiloProcess>();
        try
        {
            foreach (var name in names)
            {
                var silo = SiloProcess.Start(name, dll, connectionString, environment, options.ShowSiloOutput);
                silos.Add(silo);
                BenchmarkReport.Progress($"started silo {name} (pid {silo.ProcessId}) at {silo.BaseAddress} {(connectionString is null ? "in memory" : "on PostgreSQL")}");
            }

            if (environment.Count > 0)
            {
                // Secrets (the bootstrap admin token) are not printed.
                BenchmarkReport.Progress($"silo environment: {string.Join(", ", environment.Select(e => $"{e.Key}={(e.Key.Contains("Token", StringComparison.OrdinalIgnoreCase) ? "<hidden>" : e.Value)}"))}");
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
