using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Domain.Analyses;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Grains.Storage;

namespace CalcinosisRegistry.Grains.Statistics;

/// <summary>
/// One shard of the statistics. Applying a case change costs O(that case's courses) whatever the registry's size:
/// the old contribution is taken out of the running tallies and the new one put in, and only that case's entry is
/// stored (one row per case in <see cref="IRegistryIndexStore"/>). Changed tallies are pushed to the type grains on
/// a short timer, so reads never wait for the shards. Reentrant for group commit; every change is made
/// synchronously between awaits.
/// </summary>
[Reentrant]
public sealed class StatisticsShardGrain(
    IRegistryIndexStore store,
    ILogger<StatisticsShardGrain> logger) : Grain, IStatisticsShardGrain
{
    /// <summary>
    /// How often changed tallies go to the type grains. A push carries the shard's whole tally for a type, so its
    /// cost follows the tally's size, not the write rate; 400 ms keeps that background cost small under write load
    /// and still leaves a write visible well inside the one-second promise (measured p99 in docs/benchmarks.md).
    /// </summary>
    private static readonly TimeSpan PushInterval = TimeSpan.FromMilliseconds(400);

    private readonly Dictionary<string, StatisticsTally> _tallies = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedTallies = new(StringComparer.Ordinal);

    /// <summary>The live cases' analysis data in compact form, kept alongside the tallies from the same entries.</summary>
    private readonly CohortIndex _cohort = new();

    /// <summary>
    /// The contributions of the shard's cases by case key (withdrawals as tombstones, so a late older message is
    /// still recognised). The tallies are not stored: they are derived from these entries on activation.
    /// </summary>
    private Dictionary<string, ShardEntry> _entries = new(StringComparer.Ordinal);
    private BatchedIndexWriter? _writer;
    private long _pushSequence;

    /// <summary>The rebuild in progress, and the cases written since it began (they may be missing from its list).</summary>
    private (Guid Id, HashSet<string> WrittenSince)? _rebuild;

    private int ShardIndex => int.Parse(this.GetPrimaryKeyString()["shard:".Length..], System.Globalization.CultureInfo.InvariantCulture);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var shard = ShardIndex;
        _writer = new BatchedIndexWriter(
            keys => store.UpsertShardEntriesAsync(shard, [.. keys.Select(key => _entries[key])]),
            () => store.ReplaceShardAsync(shard, [.. _entries.Values]),
            exception => logger.LogWarning(exception, "Storing entries of statistics shard {Shard} failed; they are stored again with the next batch or republication", shard));

        var stored = await store.LoadShardAsync(shard);

        foreach (var entry in stored)
        {
            _entries[entry.CaseKey] = entry;
        }

        RecomputeTallies();
        this.RegisterGrainTimer(PushChangedTalliesAsync, PushInterval, PushInterval);
    }

    /// <summary>Stores what a case write left in flight before going, as the site index does.</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writer!.StoreBeforeDeactivationAsync(cancellationToken);

    public async Task ApplyAsync(ShardEntry entry)
    {
        var entries = _entries;
        entries.TryGetValue(entry.CaseKey, out var held);
        if (held is not null && held.Version >= entry.Version)
        {
            // A repeat or a late, older message: nothing to count. It waits for the store, as in the site index, so a
            // republication stores again what a failed background store left behind.
            await _writer!.EnsureStoredAsync();
            return;
        }

        if (held?.Contribution is { } old)
        {
            Count(entry.CaseKey, old, sign: -1);
        }

        if (entry.Contribution is { } added)
        {
            Count(entry.CaseKey, added, sign: +1);
        }

        entries[entry.CaseKey] = entry;
        _cohort.Set(entry.CaseKey, RegistryKeys.SiteOfCase(entry.CaseKey), entry.Contribution);
        _rebuild?.WrittenSince.Add(entry.CaseKey);
        // Not awaited, as in the site index: the case's pending mark holds until this entry is stored.
        _writer!.StoreInBackground(entry.CaseKey);
    }

    public Task<StatisticsTally> GetTallyAsync(string typeWireName) =>
        Task.FromResult(_tallies.TryGetValue(typeWireName, out var tally) ? tally.Clone() : new StatisticsTally());

    public Task<AnalysisShardResult> AnalyzeAsync(AnalysisRequest request) =>
        Task.FromResult(new AnalysisShardResult(_cohort.Analyze(request)));

    public Task BeginRebuildAsync(Guid rebuildId)
    {
        _rebuild = (rebuildId, new HashSet<string>(StringComparer.Ordinal));
        return Task.CompletedTask;
    }

    public async Task ResetAsync(Guid rebuildId, IReadOnlyList<ShardEntry> entries)
    {
        var held = _entries;
        var rebuilt = entries.ToDictionary(entry => entry.CaseKey, StringComparer.Ordinal);
        // If this activation did not see the rebuild begin (it moved silos meanwhile), it cannot know which cases
        // were written since, so it keeps every held entry the rebuild did not mention rather than risk losing one.
        var writtenSince = _rebuild is { } rebuild && rebuild.Id == rebuildId ? rebuild.WrittenSince : null;
        foreach (var (caseKey, entry) in held)
        {
            var keep = rebuilt.TryGetValue(caseKey, out var fresh)
                ? entry.Version > fresh.Version
                : writtenSince is null || writtenSince.Contains(caseKey);
            if (keep)
            {
                rebuilt[caseKey] = entry;
            }
        }

        _entries = rebuilt;
        _rebuild = null;
        RecomputeTallies();
        // Entries no case accounts for must go from the store too, so the shard's rows are replaced as a whole.
        await _writer!.ReplaceAllAsync();
    }

    private void RecomputeTallies()
    {
        foreach (var key in _tallies.Keys.Where(key => !key.Contains('@', StringComparison.Ordinal)))
        {
            _changedTallies.Add(key);
        }

        _tallies.Clear();
        _cohort.Clear();
        foreach (var entry in _entries.Values)
        {
            if (entry.Contribution is { } contribution)
            {
                Count(entry.CaseKey, contribution, sign: +1);
                _cohort.Set(entry.CaseKey, RegistryKeys.SiteOfCase(entry.CaseKey), contribution);
            }
        }
    }

    /// <summary>
    /// Adds or removes a contribution in the four tallies it belongs to: its type and all types, registry-wide and
    /// for its site. Only the registry-wide ones are pushed; a site's are read on demand (site-filtered statistics).
    /// </summary>
    private void Count(string caseKey, CaseContribution contribution, int sign)
    {
        var type = CaseJson.ToWireName(contribution.Type);
        var site = RegistryKeys.SiteOfCase(caseKey);
        foreach (var (typeKey, siteId) in new[] { (type, (string?)null), (RegistryKeys.AllTypes, null), (type, site), (RegistryKeys.AllTypes, site) })
        {
            var tally = Tally(RegistryKeys.TallyKey(typeKey, siteId), pushed: siteId is null);
            if (sign > 0)
            {
                tally.Add(contribution);
            }
            else
            {
                tally.Remove(contribution);
            }
        }
    }


    private StatisticsTally Tally(string key, bool pushed)
    {
        if (pushed)
        {
            _changedTallies.Add(key);
        }

        if (!_tallies.TryGetValue(key, out var tally))
        {
            tally = new StatisticsTally();
            _tallies[key] = tally;
        }

        return tally;
    }

    private async Task PushChangedTalliesAsync(CancellationToken cancellationToken)
    {
        if (_changedTallies.Count == 0)
        {
            return;
        }

        var changed = _changedTallies.ToArray();
        _changedTallies.Clear();
        var sequence = _pushSequence = Math.Max(_pushSequence + 1, DateTime.UtcNow.Ticks);
        var pushes = changed.Select(async key =>
        {
            var tally = _tallies.TryGetValue(key, out var t) ? t.Clone() : new StatisticsTally();
            try
            {
                await GrainFactory.GetRegistryGrain<ITypeStatisticsGrain>(RegistryKeys.TypeStatistics(key))
                    .UpdateShardAsync(ShardIndex, sequence, tally)
                    // Deactivation (e.g. a graceful shutdown) cancels the tick instead of waiting on a peer that is
                    // itself shutting down; the tally stays marked and the next activation pushes it.
                    .WaitAsync(cancellationToken);
            }
            catch (Exception exception)
            {
                // Keep it marked so the next tick retries; the type grain ignores anything older than it holds.
                _changedTallies.Add(key);
                logger.LogWarning(exception, "Pushing the {Type} tally of shard {Shard} failed; will retry", key, ShardIndex);
            }
        });
        await Task.WhenAll(pushes);
    }
}
