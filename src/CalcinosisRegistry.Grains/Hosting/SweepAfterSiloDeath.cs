using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Cases;
using Orleans.Runtime;

namespace CalcinosisRegistry.Grains.Hosting;

/// <summary>
/// When the cluster declares a silo dead, asks the publication sweeper for a sweep at once. What that silo had
/// acknowledged but not yet published (site index and shard entries held in memory) is exactly what the sweeper
/// re-publishes; if the sweeper itself lived there, only its reminder (a minute's period) would bring it back on a
/// survivor, and the listings lagged the statistics for that long. The call activates it on a survivor, whose
/// timer then keeps sweeping.
/// </summary>
internal sealed class SweepAfterSiloDeath(
    IClusterMembershipService membership,
    IGrainFactory grains,
    ILogger<SweepAfterSiloDeath> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _watching;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SweepAfterSiloDeath), ServiceLifecycleStage.Active, StartWatching, StopWatchingAsync);

    private Task StartWatching(CancellationToken cancellationToken)
    {
        _watching = Task.Run(WatchAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopWatchingAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_watching is not null)
        {
            await _watching.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task WatchAsync()
    {
        // Deaths already in the first snapshot happened before this silo was active: not news, and the silo's
        // start-up has the sweeper's reminder registered anyway.
        HashSet<SiloAddress>? dead = null;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(_stopping.Token))
            {
                var deadNow = snapshot.Members.Values.Where(member => member.Status == SiloStatus.Dead).Select(member => member.SiloAddress);
                if (dead is null)
                {
                    dead = [.. deadNow];
                    continue;
                }

                var newlyDead = deadNow.Where(dead.Add).ToList();
                if (newlyDead.Count > 0)
                {
                    await SweepAsync(newlyDead);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    private async Task SweepAsync(IReadOnlyList<SiloAddress> newlyDead)
    {
        try
        {
            var swept = await grains.GetRegistryGrain<IPublicationSweeperGrain>(RegistryKeys.PublicationSweeper).SweepNowAsync();
            logger.LogInformation("Silo(s) {Silos} declared dead: the publication sweeper re-published {Count} case(s) at once", string.Join(", ", newlyDead), swept);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            // The sweeper's own timer and reminder still come; this was only to be sooner.
            logger.LogWarning(exception, "Asking the publication sweeper to sweep after silo(s) {Silos} died failed", string.Join(", ", newlyDead));
        }
    }
}
