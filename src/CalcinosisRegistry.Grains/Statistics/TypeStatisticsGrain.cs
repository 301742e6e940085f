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
    private readonly StatisticsTally _total = new();
    private bool _summaryStale = true;
    private long _revision;
    private StatisticsDocument? _withCurves;
    private StatisticsDocument? _withoutCurves;
    private DateTimeOffset _lastRead = DateTimeOffset.MinValue;

    private string TypeWireName => this.GetPrimaryKeyString()["type:".Length..];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var shardTallies = await Task.WhenAll(Enumerable.Range(0, RegistryKeys.StatisticsShardCount).Select(shard =>
            GrainFactory.GetGrain<IStatisticsShardGrain>(RegistryKeys.StatisticsShard(shard)).GetTallyAsync(TypeWireName)));
        for (var shard = 0; shard < shardTallies.Length; shard++)
        {
            // Sequence 0: any push that arrives later is newer than this snapshot.
            _shards[shard] = (0, shardTallies[shard]);
            _total.Merge(shardTallies[shard]);
        }

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
        if (_shards.TryGetValue(shard, out var held))
        {
            if (held.Sequence >= sequence)
            {
                return Task.CompletedTask;
            }

            _total.Subtract(held.Tally);
        }

        _shards[shard] = (sequence, tally);
        _total.Merge(tally);
        _summaryStale = true;
        _revision++;
        return Task.CompletedTask;
    }

    public Task<StatisticsDocument> GetAsync(bool includeCurve)
    {
        var now = clock.GetUtcNow();
        _lastRead = now;
        if (_summaryStale && now - _withCurves!.ComputedAt > MaxStaleness)
        {
            RefreshSummary();
        }

        return Task.FromResult(includeCurve ? _withCurves! : _withoutCurves!);
    }

    public Task<TallySnapshot?> GetTallyAsync(long unlessRevision) =>
        Task.FromResult(unlessRevision == _revision ? null : new TallySnapshot(_revision, _total.Clone()));

    private void RefreshSummary()
    {
        if (!_summaryStale)
        {
            return;
        }

        var now = clock.GetUtcNow();
        _withCurves = Render(StatisticsSummarizer.Summarize(TypeWireName, _total, includeCurve: true), now);
        _withoutCurves = Render(StatisticsSummarizer.Summarize(TypeWireName, _total, includeCurve: false), now);
        _summaryStale = false;
    }

    private static StatisticsDocument Render(TypeStatistics summary, DateTimeOffset now) =>
        new(JsonSerializer.Serialize(summary, JsonOptions), summary.CasesIncluded, now);
}
