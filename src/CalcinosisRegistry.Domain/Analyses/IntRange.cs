namespace CalcinosisRegistry.Domain.Analyses;

/// <summary>An inclusive range; a missing end is open.</summary>
public sealed record IntRange(int? Min, int? Max)
{
    public bool Contains(int value) => (Min is not { } min || value >= min) && (Max is not { } max || value <= max);
}
