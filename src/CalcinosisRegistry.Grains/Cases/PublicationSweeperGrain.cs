using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Contracts.Telemetry;
using CalcinosisRegistry.Grains.Storage;

namespace CalcinosisRegistry.Grains.Cases;

/// <summary>
/// Re-publishes case versions that were stored but never reached the site index or the statistics. The normal
/// write path publishes right after storing; a version stays pending only if its silo died in between or a receiver
/// failed, so a sweep usually finds nothing. Re-publishing is idempotent (receivers keep the highest version).
/// </summary>
/// <remarks>
/// The reminder brings the sweeper back on a surviving silo within a minute if its silo dies; while active, a timer
/// sweeps every <see cref="SweepInterval"/>.
/// </remarks>
public sealed class PublicationSweeperGrain(
    IRegistryIndexStore store,
    ILogger<PublicationSweeperGrain> logger) : Grain, IPublicationSweeperGrain, IRemindable
{
    private const string ReminderName = "sweep";
    private const int MaxCasesPerSweep = 500;
    private const int RepublishedAtOnce = 32;

    /// <summary>How long a version may stay pending before the sweeper steps in: far above a normal publication.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(2);

    /// <summary>Logged when the sweeper starts on a silo: where it runs decides how a silo's loss is recovered from.</summary>
    public const string ActivatedMessage = "Publication sweeper active on this silo";

    /// <summary>When this activation first found each still-pending version overdue, for the backlog-age metric.</summary>
    private Dictionary<string, DateTimeOffset> _overdueSince = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation(ActivatedMessage);
        this.RegisterGrainTimer(_ => SweepAsync(), SweepInterval, SweepInterval);
        return Task.CompletedTask;
    }

    public Task StartAsync() =>
        this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

    public Task<int> SweepNowAsync() => SweepAsync();

    public Task ReceiveReminder(string reminderName, TickStatus status) => SweepAsync();

    /// <summary>
    /// Timer ticks, reminder ticks and <see cref="SweepNowAsync"/> never overlap: the grain is not reentrant and its
    /// timer does not interleave.
    /// </summary>
    private async Task<int> SweepAsync()
    {
        IReadOnlyList<string> overdue;
        try
        {
            overdue = await store.FindUnpublishedCasesAsync(Grace, MaxCasesPerSweep);
        }
        catch (Exception exception)
        {
            // The store is unreachable (a database outage): nothing is lost, the pending rows wait for the next sweep.
            logger.LogWarning(exception, "Looking for unpublished cases failed; the next sweep retries");
            return 0;
        }

        RecordBacklog(overdue);
        // Several at a time: after a silo's death the overdue cases are many, and one that cannot be reached yet must
        // not hold up the others until its call times out.
        foreach (var chunk in overdue.Chunk(RepublishedAtOnce))
        {
            await Task.WhenAll(chunk.Select(RepublishAsync));
        }

        if (overdue.Count > 0)
        {
            logger.LogInformation("Re-published {Count} case versions left pending", overdue.Count);
        }

        return overdue.Count;
    }

    private async Task RepublishAsync(string caseKey)
    {
        try
        {
            await GrainFactory.GetRegistryGrain<ICaseGrain>(caseKey).EnsurePublishedAsync();
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Re-publishing {Case} failed; the next sweep retries", caseKey);
        }
    }

    /// <summary>
    /// The backlog's size and the age of its oldest version: a version is at least <see cref="Grace"/> old when first
    /// found overdue, and older by however long it has been found since (a lower bound, to one sweep interval).
    /// </summary>
    private void RecordBacklog(IReadOnlyList<string> overdue)
    {
        var now = TimeProvider.System.GetUtcNow();
        _overdueSince = overdue.Distinct(StringComparer.Ordinal).ToDictionary(key => key, key => _overdueSince.TryGetValue(key, out var since) ? since : now - Grace);
        RegistryMetrics.PublicationBacklog.Record(overdue.Count);
        RegistryMetrics.PublicationBacklogAge.Record(_overdueSince.Count == 0 ? 0 : (now - _overdueSince.Values.Min()).TotalSeconds);
    }
}
