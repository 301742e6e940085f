using System.Collections.Immutable;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;

namespace CalcinosisRegistry.Domain.Analyses;

/// <summary>
/// The partial sufficient statistics of one analysis group: counts, and the responders' follow-up as day →
/// events/censored. Shards fill one per group and the analysis merges them; mutable with public setters so that it
/// crosses grain boundaries as JSON.
/// </summary>
public sealed class GroupTally
{
    public int Cases { get; set; }

    public int Courses { get; set; }

    public int Assessed { get; set; }

    public int Complete { get; set; }

    public int Partial { get; set; }

    public int None { get; set; }

    public int Progression { get; set; }

    public int Responders { get; set; }

    public int Recurrences { get; set; }

    public Dictionary<int, TimeCounts> Times { get; set; } = [];

    internal void AddCourse(Response? bestResponse, int recurrenceDays, bool recurred)
    {
        Courses++;
        if (bestResponse is not { } response)
        {
            return;
        }

        Assessed++;
        switch (response)
        {
            case Response.Complete: Complete++; break;
            case Response.Partial: Partial++; break;
            case Response.None: None++; return;
            default: Progression++; return;
        }

        Responders++;
        if (recurred)
        {
            Recurrences++;
        }

        Times.TryGetValue(recurrenceDays, out var counts);
        Times[recurrenceDays] = recurred
            ? new TimeCounts(counts.Events + 1, counts.Censored)
            : new TimeCounts(counts.Events, counts.Censored + 1);
    }

    public void Merge(GroupTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Cases += other.Cases;
        Courses += other.Courses;
        Assessed += other.Assessed;
        Complete += other.Complete;
        Partial += other.Partial;
        None += other.None;
        Progression += other.Progression;
        Responders += other.Responders;
        Recurrences += other.Recurrences;
        foreach (var (day, counts) in other.Times)
        {
            Times.TryGetValue(day, out var held);
            Times[day] = new TimeCounts(held.Events + counts.Events, held.Censored + counts.Censored);
        }
    }

    /// <summary>The same figures as a class tally, so that contract section 3's summary applies unchanged.</summary>
    public ClassTally ToClassTally() => new()
    {
        Cases = Cases,
        Courses = Courses,
        Assessed = Assessed,
        Complete = Complete,
        Partial = Partial,
        None = None,
        Progression = Progression,
        Responders = Responders,
        Recurrences = Recurrences,
        Times = Times.ToImmutableSortedDictionary(),
    };
}
