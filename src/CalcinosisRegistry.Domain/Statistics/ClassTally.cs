using System.Collections.Immutable;
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

    /// <summary>The counts as the summary takes them (not stored: they are the properties above).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public OutcomeCounts Counts => new(Cases, Courses, Assessed, Complete, Partial, None, Progression, Responders, Recurrences);

    /// <summary>
    /// Recurrence-free follow-up of the responders: time in days → events and censorings at that time. Immutable, so a
    /// copy shares it (see <see cref="Clone"/>) and a change replaces it, copying only the path to the changed time.
    /// </summary>
    public ImmutableSortedDictionary<int, TimeCounts> Times { get; set; } = ImmutableSortedDictionary<int, TimeCounts>.Empty;

    /// <summary>
    /// A copy sharing nothing mutable, in constant time: the times are immutable and shared. Statistics shards copy
    /// every changed tally several times a second to push it; copying the times, even as a tree, grew with the number
    /// of distinct follow-up days and was about a twentieth of a durable silo's CPU under write load.
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
        Times = Times,
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
        if (other.Times.IsEmpty)
        {
            return;
        }

        // One builder for the whole merge: a tally summed from many shards changes many times at once.
        var times = Times.ToBuilder();
        foreach (var (days, counts) in other.Times)
        {
            ChangeTime(times, days, sign * counts.Events, sign * counts.Censored);
        }

        Times = times.ToImmutable();
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

    /// <summary>One time's change on its own: a builder over the shared times, so only the path to that time is copied.</summary>
    private void ChangeTime(int days, int events, int censored)
    {
        var times = Times.ToBuilder();
        ChangeTime(times, days, events, censored);
        Times = times.ToImmutable();
    }

    private static void ChangeTime(ImmutableSortedDictionary<int, TimeCounts>.Builder times, int days, int events, int censored)
    {
        if (!times.TryGetValue(days, out var counts) && (events < 0 || censored < 0))
        {
            throw new InvalidOperationException($"Cannot remove an observation at day {days}: the tally holds none there.");
        }

        var changed = new TimeCounts(counts.Events + events, counts.Censored + censored);

        // Drop emptied times so that add-then-remove leaves exactly the tally it started from.
        if (changed.Events == 0 && changed.Censored == 0)
        {
            times.Remove(days);
        }
        else
        {
            times[days] = changed;
        }
    }
}
