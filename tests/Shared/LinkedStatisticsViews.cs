using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Domain.Statistics.Disclosure;

namespace CalcinosisRegistry.Testing;

/// <summary>
/// Published sets built straight from case contributions, as the statistics shards would tally them. Shared (as a
/// linked source file) by the disclosure tests and the <c>suppress-cost</c> benchmark, so both suppress the same views.
/// </summary>
internal static class LinkedStatisticsViews
{
    /// <summary>The statistics of every type (in declaration order) and of all of them, with curves.</summary>
    public static (IReadOnlyList<TypeStatistics> Types, TypeStatistics AllTypes) Summarize(IEnumerable<CaseContribution> contributions)
    {
        var all = new StatisticsTally();
        var byType = Enum.GetValues<CalcinosisType>().ToDictionary(type => type, _ => new StatisticsTally());
        foreach (var contribution in contributions)
        {
            byType[contribution.Type].Add(contribution);
            all.Add(contribution);
        }

        var types = byType.Select(pair => StatisticsSummarizer.Summarize(CaseJson.ToWireName(pair.Key), pair.Value, includeCurve: true)).ToArray();
        return (types, StatisticsSummarizer.Summarize(StatisticsSummarizer.AllWireName, all, includeCurve: true));
    }

    /// <summary>
    /// The linked views a caller can request: all sites first, then each site (in ordinal order), each with every
    /// type and "all types", with curves.
    /// </summary>
    public static IReadOnlyList<StatisticsView> SummarizeSites(IEnumerable<(string Site, CaseContribution Contribution)> cases)
    {
        var list = cases.ToList();
        var (types, allTypes) = Summarize(list.Select(item => item.Contribution));
        var views = new List<StatisticsView> { new(null, types, allTypes) };
        foreach (var site in list.Select(item => item.Site).Distinct().Order(StringComparer.Ordinal))
        {
            var (siteTypes, siteAll) = Summarize(list.Where(item => item.Site == site).Select(item => item.Contribution));
            views.Add(new StatisticsView(site, siteTypes, siteAll));
        }

        return views;
    }
}
