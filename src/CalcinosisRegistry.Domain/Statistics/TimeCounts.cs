using System.Text.Json.Serialization;

namespace CalcinosisRegistry.Domain.Statistics;

/// <summary>How many recurrences (events) and censorings happened at one time of the recurrence-free curve.</summary>
/// <remarks>
/// Immutable, so that the times of a tally can be shared by its copies (<see cref="ClassTally.Clone"/>): statistics
/// shards copy every changed tally several times a second to push it.
/// </remarks>
public readonly struct TimeCounts
{
    [JsonConstructor]
    public TimeCounts(int events, int censored)
    {
        Events = events;
        Censored = censored;
    }

    public int Events { get; }

    public int Censored { get; }
}
