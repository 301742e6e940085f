namespace CalcinosisRegistry.Domain.Statistics.Disclosure;

/// <summary>One count of the published set with its true value and whether a reader gets to see it.</summary>
internal sealed class DisclosureCell(int index, CellKey key, int value, bool isImplied)
{
    public int Index { get; } = index;

    public CellKey Key { get; } = key;

    public int Value { get; } = value;

    /// <summary>Implied cells are differences of published counts; they are never printed, only computable.</summary>
    public bool IsImplied { get; } = isImplied;

    /// <summary>Set for a published field that is withheld (primary or complementary suppression).</summary>
    public bool IsSuppressed { get; set; }

    /// <summary>What a reader does not see directly: suppressed fields and every implied cell.</summary>
    public bool IsUnknownToReader => IsSuppressed || IsImplied;

    /// <summary>
    /// A cell the reader must not be able to pin down: every suppressed field (otherwise suppressing it was pointless,
    /// and a recovered complement may unlock a primary cell), and an implied cell whose value would itself be disclosive.
    /// </summary>
    public bool MustStayHidden(int k) => IsSuppressed || (IsImplied && IsDisclosive(Value, k));

    /// <summary>A count from 1 to k−1 singles out too few people; 0 reveals no one.</summary>
    public static bool IsDisclosive(int count, int k) => count >= 1 && count < k;
}
