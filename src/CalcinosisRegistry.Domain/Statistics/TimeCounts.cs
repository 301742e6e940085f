namespace CalcinosisRegistry.Domain.Statistics;

/// <summary>How many recurrences (events) and censorings happened at one time of the recurrence-free curve.</summary>
public sealed class TimeCounts
{
    public int Events { get; set; }

    public int Censored { get; set; }
}
