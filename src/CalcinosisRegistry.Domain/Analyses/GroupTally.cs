using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;

namespace CalcinosisRegistry.Domain.Analyses;

/// <summary>
/// The partial sufficient statistics of one analysis group: counts, and the responders' follow-up as an array of
/// day → events/censored sorted by day. Shards fill one per group and the analysis merges them; public setters so
/// that it crosses grain boundaries as JSON between silos. It shares its counts (<see cref="OutcomeCounts"/>) and its
/// summary with <see cref="ClassTally"/> but not its follow-up: a class tally is stored state changed one course at
/// a time and copied several times a second, so its follow-up is an immutable shared tree; a group tally is built
/// once per analysis, so its follow-up is a plain sorted array, merged in linear passes.
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

    /// <summary>The responders' follow-up, sorted by day, one entry per day (see <see cref="FollowUp"/>).</summary>
    public DayCounts[] Times { get; set; } = [];

    /// <summary>The counts as the summary takes them.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public OutcomeCounts Counts => new(Cases, Courses, Assessed, Complete, Partial, None, Progression, Responders, Recurrences);

    /// <summary>Counts one course; true for a responder, whose follow-up the caller then adds to <see cref="Times"/>.</summary>
    internal bool AddCourse(Response? bestResponse, bool recurred)
    {
        Courses++;
        if (bestResponse is not { } response)
        {
            return false;
        }

        Assessed++;
        switch (response)
        {
            case Response.Complete: Complete++; break;
            case Response.Partial: Partial++; break;
            case Response.None: None++; return false;
            default: Progression++; return false;
        }

        Responders++;
        if (recurred)
        {
            Recurrences++;
        }

        return true;
    }

    /// <summary>The sum of several groups' tallies (the same group from every shard).</summary>
    public static GroupTally Sum(IReadOnlyList<GroupTally> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var sum = new GroupTally();
        foreach (var part in parts)
        {
            sum.Cases += part.Cases;
            sum.Courses += part.Courses;
            sum.Assessed += part.Assessed;
            sum.Complete += part.Complete;
            sum.Partial += part.Partial;
            sum.None += part.None;
            sum.Progression += part.Progression;
            sum.Responders += part.Responders;
            sum.Recurrences += part.Recurrences;
        }

        sum.Times = FollowUp.MergeAll([.. parts.Select(part => part.Times)]);
        return sum;
    }
}
