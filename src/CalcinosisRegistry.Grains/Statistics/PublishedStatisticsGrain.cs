using System.Diagnostics;
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
/// <para>A read that finds the view older than <see cref="MaxStaleness"/> takes in the tallies that changed first (at
/// no cost when none did). Rounding is cheap and runs in that read, so a write shows within a second as in the exact
/// view. The linked set's suppression audit takes seconds on a registry with many small cells, so it runs on the
/// thread pool, outside the grain's turns: reads return the last protected set at once and pick up the next when it
/// is done, and only the very first read waits for one. Both renderings (with and without curves) come from one
/// suppression.</para>
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

    /// <summary>Rounded views, with and without curves; null until read after the tallies changed.</summary>
    private PublishedStatisticsDocument? _roundedWithCurves;
    private PublishedStatisticsDocument? _roundedWithoutCurves;

    /// <summary>Counts the changes taken into <see cref="_sources"/>.</summary>
    private long _sourcesVersion;

    /// <summary>The last protected linked set (suppression) and the sources version it was computed from.</summary>
    private ProtectedViews? _protected;

    /// <summary>The suppression running on the thread pool, if any, and the sources version it protects.</summary>
    private Task<ProtectedViews>? _protecting;
    private long _protectingVersion;

    /// <summary>When the next suppression may start (see <see cref="AdoptProtected"/>).</summary>
    private DateTimeOffset _nextProtectionAt;

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

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _protecting?.WaitAsync(cancellationToken) ?? Task.CompletedTask;

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

        if (Rounds)
        {
            return includeCurve
                ? _roundedWithCurves ??= RenderRounded(includeCurve: true)
                : _roundedWithoutCurves ??= RenderRounded(includeCurve: false);
        }

        AdoptProtected();
        if (_protected is null)
        {
            await _protecting!;
            AdoptProtected();
        }

        var documents = includeCurve ? _protected!.WithCurves : _protected!.WithoutCurves;

        // A site that holds no case yet is not in the linked set: its view is all zeros, which reveals no one.
        if (!documents.TryGetValue(site, out var document))
        {
            var (types, all) = Summarize([.. TypeWireNames.Select(_ => new StatisticsTally())]);
            var published = StatisticsDisclosureControl.Suppress([new StatisticsView(site, types, all)], K, publishCurve: true)[0];
            document = Render(includeCurve ? published : WithoutCurves(published));
        }

        return document;
    }

    /// <summary>
    /// Takes a finished suppression as the published set, and starts the next one when the tallies changed since the
    /// last one started. Only reads call this, so a set nobody reads costs nothing however often the tallies change.
    /// The computation gets a snapshot of the views, so it never touches grain state.
    /// </summary>
    private void AdoptProtected()
    {
        if (_protecting is { IsCompleted: true } finished)
        {
            // A failed computation is reported to this read and started again by the next.
            _protecting = null;
            _protected = finished.GetAwaiter().GetResult();
            _nextProtectionAt = clock.GetUtcNow() + _protected.Took;
        }

        // After an audit that took t, the next starts no sooner than t later: on a registry whose audit takes
        // seconds, back-to-back audits would keep a core busy for as long as analysts read, at the writes' expense.
        var newest = _protecting is not null ? _protectingVersion : _protected?.SourcesVersion;
        if (newest != _sourcesVersion && (_protected is null || clock.GetUtcNow() >= _nextProtectionAt))
        {
            var version = _protectingVersion = _sourcesVersion;
            var views = LinkedViews();
            _protecting = Task.Run(() => Protect(views, K, version));
        }
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
            _sourcesVersion++;
            _roundedWithCurves = null;
            _roundedWithoutCurves = null;
        }
    }

    private PublishedStatisticsDocument RenderRounded(bool includeCurve)
    {
        var (types, all) = Summarize(Tallies(_sources.Values.Single()));
        return RenderRounded(types, all, K, includeCurve);
    }

    /// <summary>The all-sites view, the sum of the sites' tallies so the linked set's relations hold exactly, then each site's.</summary>
    private List<StatisticsView> LinkedViews()
    {
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

        return views;
    }

    private static ProtectedViews Protect(List<StatisticsView> views, int k, long sourcesVersion)
    {
        var started = Stopwatch.GetTimestamp();
        var published = StatisticsDisclosureControl.Suppress(views, k, publishCurve: true);
        var withCurves = new Dictionary<string, PublishedStatisticsDocument>(StringComparer.Ordinal);
        var withoutCurves = new Dictionary<string, PublishedStatisticsDocument>(StringComparer.Ordinal);
        for (var index = 0; index < views.Count; index++)
        {
            var site = views[index].SiteId ?? AllSites;
            withCurves[site] = Render(published[index]);
            withoutCurves[site] = Render(WithoutCurves(published[index]));
        }

        return new ProtectedViews(sourcesVersion, withCurves, withoutCurves, Stopwatch.GetElapsedTime(started));
    }

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

    private static PublishedStatisticsDocument Render(PublishedStatistics published)
    {
        var typeJson = published.Types.Append(published.AllTypes)
            .ToDictionary(type => type.CalcinosisType, type => JsonSerializer.Serialize(type, JsonOptions), StringComparer.Ordinal);
        return new PublishedStatisticsDocument(JsonSerializer.Serialize(published, JsonOptions), typeJson);
    }

    /// <summary>The response without curves: the same protection, with the curves left out rather than withheld.</summary>
    private static PublishedStatistics WithoutCurves(PublishedStatistics published) =>
        published with { Types = [.. published.Types.Select(WithoutCurves)], AllTypes = WithoutCurves(published.AllTypes) };

    private static PublishedTypeStatistics WithoutCurves(PublishedTypeStatistics type) => type with
    {
        ByTreatment = [.. type.ByTreatment.Select(WithoutCurve)],
        AllTreatments = WithoutCurve(type.AllTreatments),
    };

    private static PublishedTreatmentStatistics WithoutCurve(PublishedTreatmentStatistics treatment)
    {
        var withheld = treatment.Recurrence.Suppressed?.Where(name => name != "curve").ToList();
        return treatment with { Recurrence = treatment.Recurrence with { Curve = null, Suppressed = withheld is { Count: > 0 } ? withheld : null } };
    }

    private sealed record ProtectedViews(
        long SourcesVersion,
        Dictionary<string, PublishedStatisticsDocument> WithCurves,
        Dictionary<string, PublishedStatisticsDocument> WithoutCurves,
        TimeSpan Took);
}
