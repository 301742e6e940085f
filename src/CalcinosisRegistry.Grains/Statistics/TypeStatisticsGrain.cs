using System.Text.Json;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Domain.Statistics;

namespace CalcinosisRegistry.Grains.Statistics;

/// <summary>
/// The statistics of one calcinosis type (or of all). Holds each shard's latest tally and their running sum;
/// a shard's update replaces its part of the sum, so the cost follows the tally's size (distinct days), never the
/// number of cases. The summary is recomputed on a timer and kept serialised, so a read only returns a string.
/// Nothing is stored: on activation the grain asks every shard for its part.
/// <para>Pushes are only recorded; the sum takes them in when someone needs it (a summary render, a tally read).
/// A shard that pushes several times meanwhile costs one replacement, and while nobody reads the statistics
/// (a bulk load) pushes cost no arithmetic at all.</para>
/// </summary>
public sealed class TypeStatisticsGrain(TimeProvider clock) : Grain, ITypeStatisticsGrain
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The timer re-renders only while someone has read recently: nobody pays for summaries nobody reads.</summary>
    private static readonly TimeSpan ReaderWindow = TimeSpan.FromSeconds(10);

    /// <summary>A read finding the summary stale for longer than this renders it itself, so a write shows within a second.</summary>
    private static readonly TimeSpan MaxStaleness = TimeSpan.FromMilliseconds(300);
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<int, (long Sequence, StatisticsTally Tally)> _shards = [];

    /// <summary>
    /// The tally of each shard as it is counted in <see cref="_total"/>. A shard whose latest tally in
    /// <see cref="_shards"/> is another object has pushed since it was counted (each push is a new snapshot).
    /// </summary>
    private readonly Dictionary<int, StatisticsTally> _inTotal = [];
    private StatisticsTally _total = new();
    private bool _summaryStale = true;
    private long _revision;
    private StatisticsDocument? _withCurves;
    private StatisticsDocument? _withoutCurves;
    private DateTimeOffset _lastRead = DateTimeOffset.MinValue;
    private DateTimeOffset _pulledAt;
    private Task? _pull;

    /// <summary>The shards' tally key: a type's wire name (or "all"), or <c>{type}@{site}</c> for one site's share.</summary>
    private string TallyKey => this.GetPrimaryKeyString()["type:".Length..];

    private string TypeWireName => TallyKey.Split('@')[0];

    /// <summary>
    /// A site's share is not pushed by the shards (few read it, and every site would multiply the pushes): it is
    /// pulled from them when read, at most every <see cref="MaxStaleness"/>.
    /// </summary>
    private bool IsSiteShare => TallyKey.Contains('@', StringComparison.Ordinal);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await PullFromShardsAsync();
        RefreshSummary();
        this.RegisterGrainTimer(_ =>
        {
            if (clock.GetUtcNow() - _lastRead < ReaderWindow)
            {
                RefreshSummary();
            }

            return Task.CompletedTask;
        }, RefreshInterval, RefreshInterval);
    }

    public Task UpdateShardAsync(int shard, long sequence, StatisticsTally tally)
    {
        if (_shards.TryGetValue(shard, out var held) && held.Sequence >= sequence)
        {
            return Task.CompletedTask;
        }

        _shards[shard] = (sequence, tally);
        _summaryStale = true;
        _revision++;
        return Task.CompletedTask;
    }

    public async Task<StatisticsDocument> GetAsync(bool includeCurve)
    {
        await EnsureSiteShareFreshAsync();
        var now = clock.GetUtcNow();
        _lastRead = now;
        if (_summaryStale && now - _withCurves!.ComputedAt > MaxStaleness)
        {
            RefreshSummary();
        }

        return includeCurve ? _withCurves! : _withoutCurves!;
    }

    public async Task<TallySnapshot?> GetTallyAsync(long unlessRevision)
    {
        await EnsureSiteShareFreshAsync();
        if (unlessRevision == _revision)
        {
            return null;
        }

        CountLatestTallies();
        return new TallySnapshot(_revision, _total.Clone());
    }

    /// <summary>Replaces the running total by the shards' current tallies (sequence 0: any later push is newer).</summary>
    private async Task PullFromShardsAsync()
    {
        var shardTallies = await Task.WhenAll(Enumerable.Range(0, RegistryKeys.StatisticsShardCount).Select(shard =>
            GrainFactory.GetRegistryGrain<IStatisticsShardGrain>(RegistryKeys.StatisticsShard(shard)).GetTallyAsync(TallyKey)));
        var total = new StatisticsTally();
        _inTotal.Clear();
        for (var shard = 0; shard < shardTallies.Length; shard++)
        {
            _shards[shard] = (0, shardTallies[shard]);
            _inTotal[shard] = shardTallies[shard];
            total.Merge(shardTallies[shard]);
        }

        _total = total;
        _pulledAt = clock.GetUtcNow();
        _summaryStale = true;
        _revision++;
    }

    private Task EnsureSiteShareFreshAsync()
    {
        if (!IsSiteShare || clock.GetUtcNow() - _pulledAt <= MaxStaleness)
        {
            return Task.CompletedTask;
        }

        // Concurrent readers share one pull.
        if (_pull is { IsCompleted: false })
        {
            return _pull;
        }

        return _pull = PullThenRenderAsync();

        async Task PullThenRenderAsync()
        {
            await PullFromShardsAsync();
            RefreshSummary();
        }
    }

    private void RefreshSummary()
    {
        if (!_summaryStale)
        {
            return;
        }

        CountLatestTallies();
        var now = clock.GetUtcNow();
        _withCurves = Render(StatisticsSummarizer.Summarize(TypeWireName, _total, includeCurve: true), now);
        _withoutCurves = Render(StatisticsSummarizer.Summarize(TypeWireName, _total, includeCurve: false), now);
        _summaryStale = false;
    }

    /// <summary>Replaces, in the sum, each shard's counted tally by its latest one where they differ.</summary>
    private void CountLatestTallies()
    {
        foreach (var (shard, (_, latest)) in _shards)
        {
            var counted = _inTotal.GetValueOrDefault(shard);
            if (ReferenceEquals(counted, latest))
            {
                continue;
            }

            if (counted is not null)
            {
                _total.Subtract(counted);
            }

            _total.Merge(latest);
            _inTotal[shard] = latest;
        }
    }

    private static StatisticsDocument Render(TypeStatistics summary, DateTimeOffset now) =>
        new(JsonSerializer.Serialize(summary, JsonOptions), summary.CasesIncluded, now);
}
