namespace CalcinosisRegistry.Domain.Validation;

/// <summary>How many items an array of the case document may hold, and what to say when it holds too few.</summary>
internal readonly record struct ArrayCountLimits(int MinCount, int MaxCount, string TooFewMessage)
{
    public static ArrayCountLimits Unlimited { get; } = new(0, int.MaxValue, string.Empty);

    public static ArrayCountLimits AtMost(int maxCount) => new(0, maxCount, string.Empty);
}
