using System.Runtime.InteropServices;
using CalcinosisRegistry.Benchmarks;

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

using var cancellation = new CancellationTokenSource();
// Ctrl+C stops gracefully (the scenarios' finally blocks stop the silos and drop the databases); a second one, or
// SIGTERM, SIGHUP or SIGQUIT, kills the silos at once and lets the signal end this process.
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    if (cancellation.IsCancellationRequested)
    {
        ChildProcessTracker.KillAll();
        return;
    }

    context.Cancel = true;
    Console.Error.WriteLine("Stopping: killing the silo processes...");
    cancellation.Cancel();
});
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => ChildProcessTracker.KillAll());
using var onHangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => ChildProcessTracker.KillAll());
using var onQuit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, _ => ChildProcessTracker.KillAll());
AppDomain.CurrentDomain.ProcessExit += (_, _) => ChildProcessTracker.KillAll();
AppDomain.CurrentDomain.UnhandledException += (_, _) => ChildProcessTracker.KillAll();

var report = new BenchmarkReport { SiloEnvironment = options.SiloEnvironment };
BenchmarkReport.Progress($"CalcinosisRegistry benchmark '{options.Scenario}' on {BenchmarkReport.Environment()}");
try
{
    foreach (var scenario in options.Scenario == "all" ? BenchmarkOptions.Scenarios.Where(s => s is not ("all" or "breakdown" or "import" or "import-memory" or "import-memory-csv" or "import-durable" or "web" or "suppress-cost")) : [options.Scenario])
    {
        await (scenario switch
        {
            "writes" => new WritesScenario(options, report).RunAsync(cancellation.Token),
            "reads" => new ReadsScenario(options, report).RunAsync(cancellation.Token),
            "visibility" => new VisibilityScenario(options, report).RunAsync(cancellation.Token),
            "durable" => new DurableScenario(options, report).RunAsync(cancellation.Token),
            "cluster" => new ClusterScenario(options, report).RunAsync(cancellation.Token),
            "breakdown" => new BreakdownScenario(options, report).RunAsync(cancellation.Token),
            "security" => new SecurityScenario(options, report).RunAsync(cancellation.Token),
            "analyses" => new AnalysesScenario(options, report).RunAsync(cancellation.Token),
            "import" => new ImportScenario(options, report).RunEmbeddedAsync(cancellation.Token),
            "import-memory" => new ImportScenario(options, report).RunMemoryAsync(csv: false, cancellation.Token),
            "import-memory-csv" => new ImportScenario(options, report).RunMemoryAsync(csv: true, cancellation.Token),
            "import-durable" => new ImportScenario(options, report).RunDurableAsync(cancellation.Token),
            "web" => new WebScenario(options, report).RunAsync(cancellation.Token),
            "suppress-cost" => new SuppressCostScenario(options, report).RunAsync(cancellation.Token),
            _ => throw new InvalidOperationException($"Unknown scenario {scenario}."),
        });
    }
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}
catch (Exception exception)
{
    Console.Error.WriteLine($"The benchmark failed: {exception}");
    return 1;
}
finally
{
    ChildProcessTracker.KillAll();
}

Console.WriteLine();
Console.WriteLine("---- markdown for docs/benchmarks.md ----");
Console.WriteLine(report.ToMarkdown($"dotnet run -c Release --project tests/Benchmarks -- {string.Join(' ', args)}"));
return 0;
