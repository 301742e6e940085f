using System.Text.Json;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Domain.Statistics.Disclosure;

namespace CalcinosisRegistry.Grains.Statistics;

/// <summary>
/// Keeps the statistics of non-admin callers ready to serve: rounded to one base m (<c>published:r{m}</c>, optionally
/// <c>@{site}</c>: each view on its own, since rounding needs no complements) or suppressed for one threshold k
/// (<c>published:k{k}</c>). Suppression must see every type and every site's view together (complements across
/// types, and a site's cell is the all-sites cell minus the other sites'), so the all-sites suppressed grain takes
/// in every site's type tallies, sums them into the all-sites view (so the linked set is consistent by
/// construction) and protects all views in one table; <c>published:k{k}@{site}</c> only forwards to it.
/// Disclosure control is far costlier than a read, so it runs only when a tally changed, once per view (with or
/// without curves) that is read, and reads return the last result.
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

    /// <summary>The view of all sites in <see cref="_documents"/>.</summary>
    private const string AllSites = "";

    /// <summary>The type tallies taken in, per source: the key's own view (rounded), or every site (suppressed).</summary>
    private readonly SortedDictionary<string, TallySnapshot?[]> _sources = new(StringComparer.Ordinal);

    /// <summary>The rendered views by site (<see cref="AllSites"/> for all), with and without curves; null until read.</summary>
    private Dictionary<string, PublishedStatisticsDocument>? _withCurves;
    private Dictionary<string, PublishedStatisticsDocument>? _withoutCurves;

    /// <summary>When the type tallies behind the current views were last asked for.</summary>
    private DateTimeOffset _refreshedAt;

    /// <summary>"published:k{k}" or "published:r{m}", optionally followed by "@{site}".</summary>
    private string[] KeyParts => this.GetPrimaryKeyString()["published:k".Length..].Split('@');

    private bool Rounds => this.GetPrimaryKeyString()["published:".Length] == 'r';

    private int K => int.Parse(KeyParts[0], System.Globalization.CultureInfo.InvariantCulture);

    private string? SiteId => KeyParts.Length > 1 ? KeyParts[1] : null;

    /// <summary>A suppressed site view is a part of the all-sites grain's linked set and holds nothing itself.</summary>
    private bool ForwardsToLinkedSet => !Rounds && SiteId is not null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (ForwardsToLinkedSet)
        {
            return;
        }

        await RefreshAsync(cancellationToken);
        this.RegisterGrainTimer(RefreshAsync, RefreshInterval, RefreshInterval);
    }

    public Task<PublishedStatisticsDocument> GetAsync(bool includeCurve) => ForwardsToLinkedSet
        ? GrainFactory.GetRegistryGrain<IPublishedStatisticsGrain>(RegistryKeys.PublishedStatistics(K)).GetSiteAsync(SiteId!, includeCurve)
        : ViewAsync(AllSites, includeCurve);

    public Task<PublishedStatisticsDocument> GetSiteAsync(string siteId, bool includeCurve)
    {
        ArgumentException.ThrowIfNullOrEmpty(siteId);
        if (Rounds || SiteId is not null)
        {
            throw new InvalidOperationException("Only the all-sites suppressed grain holds the sites' views.");
        }

        return ViewAsync(siteId, includeCurve);
    }

    private async Task<PublishedStatisticsDocument> ViewAsync(string site, bool includeCurve)
    {
        if (clock.GetUtcNow() - _refreshedAt > MaxStaleness)
        {
            await RefreshAsync(CancellationToken.None);
        }

        var documents = includeCurve ? _withCurves ??= Publish(includeCurve: true) : _withoutCurves ??= Publish(includeCurve: false);

        // A site that holds no case yet is not in the linked set: its view is all zeros, which reveals no one.
        if (!documents.TryGetValue(site, out var document))
        {
            var (types, all) = Summarize([.. TypeWireNames.Select(_ => new StatisticsTally())]);
            document = Render(Suppressed([new StatisticsView(site, types, all)], includeCurve)[0], includeCurve);
        }

        return document;
    }

    /// <summary>Takes in the type tallies that changed; the views are then re-published when next read.</summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        _refreshedAt = clock.GetUtcNow();
        IReadOnlyList<string> sites = Rounds
            ? [SiteId ?? AllSites]
            : await GrainFactory.GetRegistryGrain<ISiteDirectoryGrain>(RegistryKeys.SiteDirectory).GetSitesAsync().WaitAsync(cancellationToken);
        var changed = false;
        foreach (var site in sites)
        {
            // A new site enters the sources only with all its tallies: a read interleaved at an await below must
            // never publish from a half-filled entry.
            var held = _sources.GetValueOrDefault(site);
            var siteId = site == AllSites ? null : site;
            var fresh = await Task.WhenAll(TypeWireNames.Select((type, index) =>
                GrainFactory.GetRegistryGrain<ITypeStatisticsGrain>(RegistryKeys.TypeStatistics(type, siteId)).GetTallyAsync(held?[index]?.Revision ?? -1).WaitAsync(cancellationToken)));
            if (fresh.All(snapshot => snapshot is null))
            {
                continue;
            }

            var updated = held is null ? new TallySnapshot?[TypeWireNames.Length] : (TallySnapshot?[])held.Clone();
            for (var index = 0; index < fresh.Length; index++)
            {
                updated[index] = fresh[index] ?? updated[index];
            }

            _sources[site] = updated;
            changed = true;
        }

        if (changed)
        {
            _withCurves = null;
            _withoutCurves = null;
        }
    }

    /// <summary>
    /// Disclosure control over the current tallies, for one of the two renderings only: each is computed when it is
    /// read, so a rendering nobody reads costs nothing however often the tallies change.
    /// </summary>
    private Dictionary<string, PublishedStatisticsDocument> Publish(bool includeCurve)
    {
        if (Rounds)
        {
            var (types, all) = Summarize(Tallies(_sources.Values.Single()));
            return new(StringComparer.Ordinal) { [AllSites] = RenderRounded(types, all, K, includeCurve) };
        }

        // The all-sites view is the sum of the sites' tallies, so the linked set's relations hold exactly.
        var allSites = TypeWireNames.Select(_ => new StatisticsTally()).ToArray();
        foreach (var tallies in _sources.Values)
        {
            for (var index = 0; index < allSites.Length; index++)
            {
                allSites[index].Merge(tallies[index]!.Tally);
            }
        }

        var (allTypes, allAll) = Summarize(allSites);
        var views = new List<StatisticsView> { new(null, allTypes, allAll) };
        foreach (var (site, tallies) in _sources)
        {
            var (types, all) = Summarize(Tallies(tallies));
            views.Add(new StatisticsView(site, types, all));
        }

        var published = Suppressed(views, includeCurve);
        return views.Select((view, index) => (Site: view.SiteId ?? AllSites, Document: Render(published[index], includeCurve)))
            .ToDictionary(pair => pair.Site, pair => pair.Document, StringComparer.Ordinal);
    }

    private IReadOnlyList<PublishedStatistics> Suppressed(IReadOnlyList<StatisticsView> views, bool includeCurve) =>
        StatisticsDisclosureControl.Suppress(views, K, publishCurve: includeCurve);

    private static StatisticsTally[] Tallies(TallySnapshot?[] snapshots) => [.. snapshots.Select(snapshot => snapshot!.Tally)];

    /// <summary>Every type's statistics (in wire-name order) and all types', from the types' tallies.</summary>
    private static (List<TypeStatistics> Types, TypeStatistics All) Summarize(IReadOnlyList<StatisticsTally> tallies)
    {
        var allTally = new StatisticsTally();
        foreach (var tally in tallies)
        {
            allTally.Merge(tally);
        }

        return (
            [.. TypeWireNames.Select((type, index) => StatisticsSummarizer.Summarize(type, tallies[index], includeCurve: true))],
            StatisticsSummarizer.Summarize(RegistryKeys.AllTypes, allTally, includeCurve: true));
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
