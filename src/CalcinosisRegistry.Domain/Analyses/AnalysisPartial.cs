namespace CalcinosisRegistry.Domain.Analyses;

/// <summary>
/// What one shard (or, merged, the whole registry) contributes to an analysis: the cohort's case and course counts
/// and a <see cref="GroupTally"/> per group key. Never holds a case document or a case identity.
/// </summary>
public sealed class AnalysisPartial
{
    public int CasesIncluded { get; set; }

    public int CoursesIncluded { get; set; }

    public Dictionary<string, GroupTally> Groups { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The sum of every shard's partial: counts added, each group's follow-up merged in one pass per group.</summary>
    public static AnalysisPartial MergeAll(IEnumerable<AnalysisPartial> partials)
    {
        ArgumentNullException.ThrowIfNull(partials);
        var total = new AnalysisPartial();
        var groupParts = new Dictionary<string, List<GroupTally>>(StringComparer.Ordinal);
        foreach (var partial in partials)
        {
            total.CasesIncluded += partial.CasesIncluded;
            total.CoursesIncluded += partial.CoursesIncluded;
            foreach (var (key, group) in partial.Groups)
            {
                if (!groupParts.TryGetValue(key, out var parts))
                {
                    groupParts[key] = parts = [];
                }

                parts.Add(group);
            }
        }

        foreach (var (key, parts) in groupParts)
        {
            total.Groups[key] = GroupTally.Sum(parts);
        }

        return total;
    }
}
