using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CalcinosisRegistry.Endpoints.Auditing;

/// <summary>Writes the counted repeats of a flood once their interval is over, even when no other request comes.</summary>
internal sealed class RefusalAggregateFlusher(AuditRecorder recorder, ILogger<RefusalAggregateFlusher> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await recorder.FlushRepeatedRefusalsAsync();
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The counts stay lost only if the trail is down for good; they are logged meanwhile.
                    logger.LogError(exception, "The audit trail could not record the repeated refusals of a flood");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
