using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Grains.Infrastructure;

namespace CalcinosisRegistry.Grains.Cases;

/// <summary>
/// Guarantees that every stored case version reaches the site index and the statistics, even when the silo that
/// stored it dies before telling them. A reminder brings the outbox back on a surviving silo; a timer then asks
/// each case left pending to publish again (idempotent: the receivers keep the highest version).
/// Reentrant for group commit; every change is made synchronously between awaits.
/// </summary>
[Reentrant]
public sealed class PublicationOutboxGrain(
    [PersistentState("publication-outbox", RegistryStorage.Name)] IPersistentState<PublicationOutboxState> state,
    TimeProvider clock,
    ILogger<PublicationOutboxGrain> logger) : Grain, IPublicationOutboxGrain, IRemindable
{
    private const string ReminderName = "sweep";

    /// <summary>How long a case may take between announcing and publishing before the outbox steps in.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(2);

    /// <summary>When each pending entry was first seen by this activation; entries loaded from storage are due at once.</summary>
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private BatchedStateWriter? _writer;
    private bool _sweeping;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writer = new BatchedStateWriter(() => state.WriteStateAsync());
        var loadedDue = clock.GetUtcNow() - Grace;
        foreach (var caseKey in state.State.Pending.Keys)
        {
            _seen[caseKey] = loadedDue;
        }

        this.RegisterGrainTimer(SweepAsync, SweepInterval, SweepInterval);
        return Task.CompletedTask;
    }

    public async Task ExpectAsync(string caseKey, int version)
    {
        var pending = state.State.Pending;
        if (!pending.TryGetValue(caseKey, out var held) || held < version)
        {
            pending[caseKey] = version;
            _seen[caseKey] = clock.GetUtcNow();
        }

        if (!state.State.ReminderRegistered)
        {
            // The reminder is what wakes this outbox on another silo if its own silo dies.
            await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            state.State.ReminderRegistered = true;
        }

        await _writer!.WriteAsync();
    }

    public Task CompleteAsync(string caseKey, int version)
    {
        // Not written at once: losing a completion only means one more, harmless, re-publication.
        if (state.State.Pending.TryGetValue(caseKey, out var held) && held <= version)
        {
            state.State.Pending.Remove(caseKey);
            _seen.Remove(caseKey);
        }

        return Task.CompletedTask;
    }

    public Task<int> GetPendingCountAsync() => Task.FromResult(state.State.Pending.Count);

    public Task ReceiveReminder(string reminderName, TickStatus status) => SweepAsync(CancellationToken.None);

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        if (_sweeping)
        {
            return;
        }

        _sweeping = true;
        try
        {
            var due = clock.GetUtcNow() - Grace;
            var overdue = state.State.Pending.Where(p => !_seen.TryGetValue(p.Key, out var seen) || seen <= due).ToList();
            foreach (var (caseKey, version) in overdue)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                try
                {
                    // Cancelled when this outbox deactivates: the entry stays pending for the next activation.
                    await GrainFactory.GetGrain<ICaseGrain>(caseKey).EnsurePublishedAsync().WaitAsync(cancellationToken);
                    await CompleteAsync(caseKey, version);
                }
                catch (Exception exception)
                {
                    logger.LogWarning(exception, "Re-publishing {Case} failed; the next sweep retries", caseKey);
                }
            }

            if (overdue.Count > 0 || _writer!.HasUnstoredChanges)
            {
                await _writer!.WriteAsync();
            }
        }
        finally
        {
            _sweeping = false;
        }
    }
}
