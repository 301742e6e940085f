using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Domain.Statistics;

/// <summary>
/// Sufficient statistics for one treatment class (or for all classes together): plain counts plus the events and
/// censorings per time, from which every reported number can be recomputed. Mutable with public setters so that it
/// round-trips through System.Text.Json as stored grain state.
/// </summary>
public sealed class ClassTally
{
    /// <summary>Cases with at least one course counted in this tally.</summary>
    public int Cases { get; set; }

    public int Courses { get; set; }

    public int Assessed { get; set; }

    public int Complete { get; set; }

    public int Partial { get; set; }

    public int None { get; set; }

    public int Progression { get; set; }

    public int Responders { get; set; }

    public int Recurrences { get; set; }

    /// <summary>Recurrence-free follow-up of the responders: time in days → events and censorings at that time.</summary>
    public SortedDictionary<int, TimeCounts> Times { get; set; } = [];

    /// <summary>
    /// A copy sharing nothing mutable. The times are copied as a tree (linear in their number; the counts are
    /// immutable), not re-inserted one by one.
    /// </summary>
    public ClassTally Clone() => new()
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
        Times = new SortedDictionary<int, TimeCounts>(Times),
    };

    public void Merge(ClassTally other) => Combine(other, +1);

    /// <summary>The exact inverse of <see cref="Merge"/> with the same tally.</summary>
    public void Subtract(ClassTally other) => Combine(other, -1);

    private void Combine(ClassTally other, int sign)
    {
        ArgumentNullException.ThrowIfNull(other);

        Cases += sign * other.Cases;
        Courses += sign * other.Courses;
        Assessed += sign * other.Assessed;
        Complete += sign * other.Complete;
        Partial += sign * other.Partial;
        None += sign * other.None;
        Progression += sign * other.Progression;
        Responders += sign * other.Responders;
        Recurrences += sign * other.Recurrences;
        foreach (var (days, counts) in other.Times)
        {
            ChangeTime(days, sign * counts.Events, sign * counts.Censored);
        }
    }

    /// <summary>Adds (<paramref name="sign"/> +1) or removes (-1) one course; removing is the exact inverse of adding.</summary>
    internal void ApplyCourse(CourseOutcome outcome, int sign)
    {
        Courses += sign;
        if (outcome.BestResponse is not { } bestResponse)
        {
            return;
        }

        Assessed += sign;
        switch (bestResponse)
        {
            case Response.Complete: Complete += sign; break;
            case Response.Partial: Partial += sign; break;
            case Response.None: None += sign; break;
            case Response.Progression: Progression += sign; break;
            default: throw new ArgumentOutOfRangeException(nameof(outcome), bestResponse, "Unknown response.");
        }

        if (outcome.Recurrence is not { } recurrence)
        {
            return;
        }

        Responders += sign;
        if (recurrence.Recurred)
        {
            Recurrences += sign;
            ChangeTime(recurrence.Days, sign, 0);
        }
        else
        {
            ChangeTime(recurrence.Days, 0, sign);
        }
    }

    private void ChangeTime(int days, int events, int censored)
    {
        if (!Times.TryGetValue(days, out var counts) && (events < 0 || censored < 0))
        {
            throw new InvalidOperationException($"Cannot remove an observation at day {days}: the tally holds none there.");
        }

        var changed = new TimeCounts(counts.Events + events, counts.Censored + censored);

        // Drop emptied times so that add-then-remove leaves exactly the tally it started from.
        if (changed.Events == 0 && changed.Censored == 0)
        {
            Times.Remove(days);
        }
        else
        {
            Times[days] = changed;
        }
    }
}
