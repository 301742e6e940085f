using Orleans.Concurrency;

namespace CalcinosisRegistry.Contracts.Statistics;

/// <summary>
/// The statistics as non-admin callers see them: rounded (one grain per base m and view,
/// <see cref="RegistryKeys.RoundedStatistics"/>) or suppressed (<see cref="RegistryKeys.PublishedStatistics"/>).
/// Suppression looks at every type and every site's view at once, so the all-sites grain of a threshold computes
/// the linked set and a site's grain serves its part of it; both are computed in the background and served
/// ready-made.
/// </summary>
[Alias("calcinosis.IPublishedStatisticsGrain")]
public interface IPublishedStatisticsGrain : IGrainWithStringKey
{
    [Alias("Get"), AlwaysInterleave]
    Task<PublishedStatisticsDocument> GetAsync(bool includeCurve);

    /// <summary>One site's view of the linked suppressed set (the all-sites suppressed grain only).</summary>
    [Alias("GetSite"), AlwaysInterleave]
    Task<PublishedStatisticsDocument> GetSiteAsync(string siteId, bool includeCurve);
}
