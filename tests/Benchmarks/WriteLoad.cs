namespace CalcinosisRegistry.Benchmarks;

/// <summary>The write phases every write scenario shares: a warm-up that is thrown away, then the measured phase.</summary>
public static class WriteLoad
{
    /// <summary>Creates new cases, spread round-robin over <paramref name="targets"/>, and measures them after a warm-up.</summary>
    public static async Task<LoadResult> MeasureCreatesAsync(
        HttpClient http, CasePayloadFactory cases, IReadOnlyList<Uri> targets, int clients, TimeSpan warmup, TimeSpan duration,
        string label, CancellationToken cancellationToken, Func<TimeSpan>? serverCpu = null, string? bearerToken = null)
    {
        long next = 0;
        HttpRequestMessage NewRequest() => cases.NewCreate(targets[(int)(Interlocked.Increment(ref next) % targets.Count)]).WithBearer(bearerToken);

        if (warmup > TimeSpan.Zero)
        {
            BenchmarkReport.Progress($"{label}: warm-up {warmup.TotalSeconds:0.#} s at {clients} clients");
            var warm = await LoadGenerator.RunAsync(http, new LoadPlan(clients, warmup), NewRequest, LoadGenerator.IsCreated, cancellationToken);
            ReportFailures(label + " warm-up", warm);
            if (warm.Succeeded == 0 && warm.Failed > 0)
            {
                throw new InvalidOperationException($"{label}: every write of the warm-up failed, for example: {warm.FailureSamples.FirstOrDefault()}");
            }
        }

        BenchmarkReport.Progress($"{label}: measuring {duration.TotalSeconds:0.#} s at {clients} clients");
        var cpuBefore = serverCpu?.Invoke();
        var measured = await LoadGenerator.RunAsync(http, new LoadPlan(clients, duration), NewRequest, LoadGenerator.IsCreated, cancellationToken);
        measured = measured with { ServerCpu = serverCpu?.Invoke() - cpuBefore };
        ReportFailures(label, measured);
        BenchmarkReport.Progress($"{label}: {Format.Rate(measured.PerSecond)} writes/s, p50 {Format.Ms(measured.Latency.P50)} ms, p99 {Format.Ms(measured.Latency.P99)} ms{(serverCpu is null ? string.Empty : $", server CPU {Format.Ms(measured.ServerCpuPerRequestMs)} ms/write")}");
        return measured;
    }

    public static void ReportFailures(string label, LoadResult result)
    {
        if (result.Failed == 0)
        {
            return;
        }

        BenchmarkReport.Progress($"{label}: {Format.Count(result.Failed)} request(s) failed, for example:");
        foreach (var sample in result.FailureSamples)
        {
            Console.WriteLine($"    {sample}");
        }
    }
}
