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

    public void Merge(AnalysisPartial other)
    {
        ArgumentNullException.ThrowIfNull(other);
        CasesIncluded += other.CasesIncluded;
        CoursesIncluded += other.CoursesIncluded;
        foreach (var (key, group) in other.Groups)
        {
            if (Groups.TryGetValue(key, out var held))
            {
                held.Merge(group);
            }
            else
            {
                var copy = new GroupTally();
                copy.Merge(group);
                Groups[key] = copy;
            }
        }
    }

    public static AnalysisPartial MergeAll(IEnumerable<AnalysisPartial> partials)
    {
        ArgumentNullException.ThrowIfNull(partials);
        var total = new AnalysisPartial();
        foreach (var partial in partials)
        {
            total.Merge(partial);
        }

        return total;
    }
}
