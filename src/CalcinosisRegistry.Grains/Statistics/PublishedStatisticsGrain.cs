using System.Text.Json;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Domain.Statistics.Disclosure;

namespace CalcinosisRegistry.Grains.Statistics;

/// <summary>
/// Keeps the statistics of non-admin callers ready to serve: suppressed for one threshold k
/// (<c>published:k{k}</c>) or rounded to one base m (<c>published:r{m}</c>). Suppression must see every type
/// together (complements across types) and is far costlier than a read, so it runs here only when a type's tally
/// changed, once per view (with or without curves) that is read, and reads return the last result. The all-types
/// figures are summed here from the same type tallies, so the published set is always consistent.
/// <para>A read that finds the view older than <see cref="MaxStaleness"/> refreshes it first (at no cost when no
/// tally changed), so a write shows here within a second like in the exact view: the shards' push (at most 400 ms)
/// plus at most <see cref="MaxStaleness"/>.</para>
/// </summary>
public sealed class PublishedStatisticsGrain(TimeProvider clock) : Grain, IPublishedStatisticsGrain
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxStaleness = TimeSpan.FromMilliseconds(300);
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private static readonly string[] TypeWireNames = [.. CaseJson.WireNames<CalcinosisType>()];

    private readonly TallySnapshot?[] _tallies = new TallySnapshot?[TypeWireNames.Length];
    private PublishedStatisticsDocument? _withCurves;
    private PublishedStatisticsDocument? _withoutCurves;

    /// <summary>When the type tallies behind the current view were last asked for.</summary>
    private DateTimeOffset _refreshedAt;

    /// <summary>"published:k{k}" or "published:r{m}", optionally followed by "@{site}".</summary>
    private string[] KeyParts => this.GetPrimaryKeyString()["published:k".Length..].Split('@');

    private bool Rounds => this.GetPrimaryKeyString()["published:".Length] == 'r';

    private int K => int.Parse(KeyParts[0], System.Globalization.CultureInfo.InvariantCulture);

    private string? SiteId => KeyParts.Length > 1 ? KeyParts[1] : null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        this.RegisterGrainTimer(RefreshAsync, RefreshInterval, RefreshInterval);
    }

    public async Task<PublishedStatisticsDocument> GetAsync(bool includeCurve)
    {
        if (clock.GetUtcNow() - _refreshedAt > MaxStaleness)
        {
            await RefreshAsync(CancellationToken.None);
        }

        return includeCurve ? _withCurves ??= Publish(includeCurve: true) : _withoutCurves ??= Publish(includeCurve: false);
    }

    /// <summary>Takes in the type tallies that changed; the views are then re-published when next read.</summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        _refreshedAt = clock.GetUtcNow();
        var fresh = await Task.WhenAll(TypeWireNames.Select((type, index) =>
            GrainFactory.GetRegistryGrain<ITypeStatisticsGrain>(RegistryKeys.TypeStatistics(type, SiteId)).GetTallyAsync(_tallies[index]?.Revision ?? -1).WaitAsync(cancellationToken)));
        if (fresh.All(snapshot => snapshot is null))
        {
            return;
        }

        for (var index = 0; index < fresh.Length; index++)
        {
            _tallies[index] = fresh[index] ?? _tallies[index];
        }

        _withCurves = null;
        _withoutCurves = null;
    }

    /// <summary>
    /// Disclosure control over the current tallies, for one of the two views only: each is computed when it is
    /// read, so a view nobody reads costs nothing however often the tallies change.
    /// </summary>
    private PublishedStatisticsDocument Publish(bool includeCurve)
    {
        var allTally = new StatisticsTally();
        foreach (var snapshot in _tallies)
        {
            allTally.Merge(snapshot!.Tally);
        }

        var types = TypeWireNames.Select((type, index) => StatisticsSummarizer.Summarize(type, _tallies[index]!.Tally, includeCurve: true)).ToList();
        var all = StatisticsSummarizer.Summarize(RegistryKeys.AllTypes, allTally, includeCurve: true);
        return Rounds
            ? RenderRounded(types, all, K, includeCurve)
            : Render(StatisticsDisclosureControl.Suppress(types, all, K, publishCurve: includeCurve), includeCurve);
    }

    private static PublishedStatisticsDocument RenderRounded(List<TypeStatistics> types, TypeStatistics all, int roundTo, bool includeCurve)
    {
        var rounded = types.Select(type => RoundedDisclosure.Type(type, roundTo, includeCurve)).ToArray();
        var roundedAll = RoundedDisclosure.Type(all, roundTo, includeCurve);
        var typeJson = rounded.Append(roundedAll)
            .ToDictionary(type => type.CalcinosisType, type => JsonSerializer.Serialize(type, JsonOptions), StringComparer.Ordinal);
        var document = new RoundedStatistics(roundedAll.CasesIncluded, rounded, roundedAll, roundTo);
        return new PublishedStatisticsDocument(JsonSerializer.Serialize(document, JsonOptions), typeJson);
    }

    private static PublishedStatisticsDocument Render(PublishedStatistics published, bool includeCurve)
    {
        if (!includeCurve)
        {
            published = published with { Types = [.. published.Types.Select(WithoutCurves)], AllTypes = WithoutCurves(published.AllTypes) };
        }

        var typeJson = published.Types.Append(published.AllTypes)
            .ToDictionary(type => type.CalcinosisType, type => JsonSerializer.Serialize(type, JsonOptions), StringComparer.Ordinal);
        return new PublishedStatisticsDocument(JsonSerializer.Serialize(published, JsonOptions), typeJson);
    }

    private static PublishedTypeStatistics WithoutCurves(PublishedTypeStatistics type) => type with
    {
        ByTreatment = [.. type.ByTreatment.Select(t => t with { Recurrence = t.Recurrence with { Curve = null } })],
        AllTreatments = type.AllTreatments with { Recurrence = type.AllTreatments.Recurrence with { Curve = null } },
    };
}
