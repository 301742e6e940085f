using System.Collections.Concurrent;
using System.Diagnostics;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// Runs a closed-loop load over one shared <see cref="HttpClient"/> and measures every request from just before it
/// is sent until its whole response has been read.
/// </summary>
public static class LoadGenerator
{
    private const int MaxFailureSamples = 5;

    public static async Task<LoadResult> RunAsync(
        HttpClient http,
        LoadPlan plan,
        Func<HttpRequestMessage> newRequest,
        Func<HttpResponseMessage, bool> succeeded,
        CancellationToken cancellationToken,
        CancellationToken endPhase = default)
    {
        // endPhase ends the load early but still returns what it measured; cancellationToken abandons it.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, endPhase);
        var latencies = new List<double>[plan.Workers];
        long issued = 0;
        long failed = 0;
        long responseBytes = 0;
        var failureSamples = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        if (plan.Duration is { } duration)
        {
            stop.CancelAfter(duration);
        }

        async Task WorkerAsync(int worker)
        {
            var mine = latencies[worker] = new List<double>(4096);
            while (!stop.IsCancellationRequested)
            {
                if (plan.RequestLimit is { } limit && Interlocked.Increment(ref issued) > limit)
                {
                    return;
                }

                using var request = newRequest();
                var started = Stopwatch.GetTimestamp();
                try
                {
                    // Not cancelled by the end of the phase: a request in flight is allowed to finish and is counted.
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                    var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    var elapsed = Stopwatch.GetElapsedTime(started);
                    if (succeeded(response))
                    {
                        mine.Add(elapsed.TotalMilliseconds);
                        Interlocked.Add(ref responseBytes, body.Length);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                        if (failureSamples.Count < MaxFailureSamples)
                        {
                            failureSamples.Enqueue($"{(int)response.StatusCode} {request.Method} {request.RequestUri?.PathAndQuery}: {System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)))}");
                        }
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                    if (failureSamples.Count < MaxFailureSamples)
                    {
                        failureSamples.Enqueue($"{request.Method} {request.RequestUri?.PathAndQuery}: {exception.GetType().Name}: {exception.Message}");
                    }
                }

                if (plan.PauseBetweenRequests is { } pause)
                {
                    try
                    {
                        await Task.Delay(pause, stop.Token);
                    }
                    catch (TaskCanceledException)
                    {
                        return;
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, plan.Workers).Select(worker => Task.Run(() => WorkerAsync(worker), CancellationToken.None)));
        var elapsedTotal = clock.Elapsed;
        cancellationToken.ThrowIfCancellationRequested();
        var summary = LatencySummary.FromMilliseconds(latencies.Where(l => l is not null).SelectMany(l => l));
        return new LoadResult(summary.Count, failed, elapsedTotal, summary, [.. failureSamples], responseBytes);
    }

    public static bool IsCreated(HttpResponseMessage response) => response.StatusCode == System.Net.HttpStatusCode.Created;

    public static bool IsOk(HttpResponseMessage response) => response.IsSuccessStatusCode;
}
