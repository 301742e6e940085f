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
/// together (complements across types) and is far costlier than a read, so both run here on a timer, only when a
/// type's tally changed, and reads return the last result. The all-types figures are summed here from the same
/// type tallies, so the published set is always consistent.
/// </summary>
public sealed class PublishedStatisticsGrain : Grain, IPublishedStatisticsGrain
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private static readonly string[] TypeWireNames = [.. CaseJson.WireNames<CalcinosisType>()];

    private readonly TallySnapshot?[] _tallies = new TallySnapshot?[TypeWireNames.Length];
    private PublishedStatisticsDocument? _withCurves;
    private PublishedStatisticsDocument? _withoutCurves;

    /// <summary>"published:k{k}" or "published:r{m}", optionally followed by "@{site}".</summary>
    private string[] KeyParts => this.GetPrimaryKeyString()["published:k".Length..].Split('@');

    private bool Rounds => this.GetPrimaryKeyString()["published:".Length] == 'r';

    /// <summary>k under suppression, m under rounding.</summary>
    private int K => int.Parse(KeyParts[0], System.Globalization.CultureInfo.InvariantCulture);

    private string? SiteId => KeyParts.Length > 1 ? KeyParts[1] : null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        this.RegisterGrainTimer(RefreshAsync, RefreshInterval, RefreshInterval);
    }

    public Task<PublishedStatisticsDocument> GetAsync(bool includeCurve) =>
        Task.FromResult(includeCurve ? _withCurves! : _withoutCurves!);

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var fresh = await Task.WhenAll(TypeWireNames.Select((type, index) =>
            GrainFactory.GetRegistryGrain<ITypeStatisticsGrain>(RegistryKeys.TypeStatistics(type, SiteId)).GetTallyAsync(_tallies[index]?.Revision ?? -1).WaitAsync(cancellationToken)));
        if (_withCurves is not null && fresh.All(snapshot => snapshot is null))
        {
            return;
        }

        for (var index = 0; index < fresh.Length; index++)
        {
            _tallies[index] = fresh[index] ?? _tallies[index];
        }

        var allTally = new StatisticsTally();
        foreach (var snapshot in _tallies)
        {
            allTally.Merge(snapshot!.Tally);
        }

        var types = TypeWireNames.Select((type, index) => StatisticsSummarizer.Summarize(type, _tallies[index]!.Tally, includeCurve: true)).ToList();
        var all = StatisticsSummarizer.Summarize(RegistryKeys.AllTypes, allTally, includeCurve: true);
        if (Rounds)
        {
            _withCurves = RenderRounded(types, all, K, includeCurve: true);
            _withoutCurves = RenderRounded(types, all, K, includeCurve: false);
            return;
        }

        _withCurves = Render(StatisticsDisclosureControl.Suppress(types, all, K, publishCurve: true), includeCurve: true);
        _withoutCurves = Render(StatisticsDisclosureControl.Suppress(types, all, K, publishCurve: false), includeCurve: false);
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
