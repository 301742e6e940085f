using System.Collections.Concurrent;
using System.Diagnostics;

namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>Polls GET /health of every silo twice a second and records each answer with its latency.</summary>
internal sealed class HealthWatcher(IReadOnlyList<SiloEndpoint> silos, HttpClient http, Stopwatch clock)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public ConcurrentQueue<HealthSample> Samples { get; } = new();

    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(silos.Select(silo => Task.Run(() => WatchAsync(silo, stop), CancellationToken.None)));

    private async Task WatchAsync(SiloEndpoint silo, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var startedAt = clock.Elapsed;
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                using var response = await http.GetAsync(new Uri(silo.BaseAddress, "/health"), timeout.Token);
                Samples.Enqueue(new HealthSample(silo.Name, startedAt, clock.Elapsed - startedAt, (int)response.StatusCode, null));
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
            {
                Samples.Enqueue(new HealthSample(silo.Name, startedAt, clock.Elapsed - startedAt, null, exception.Message));
            }

            try
            {
                await Task.Delay(500, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
