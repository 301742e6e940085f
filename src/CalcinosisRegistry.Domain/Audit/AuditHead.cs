namespace CalcinosisRegistry.Domain.Audit;

/// <summary>
/// The sequence and hash of the last entry, kept apart from the entries themselves. The chain alone cannot reveal a
/// cut-off tail (the remaining prefix is a perfectly valid chain), so verification compares the last entry with it.
/// An empty log has the head (0, <see cref="AuditChain.GenesisHash"/>), see <see cref="Empty"/>.
/// </summary>
public sealed record AuditHead(long Sequence, string Hash)
{
    /// <summary>The head of a log with no entries.</summary>
    public static AuditHead Empty { get; } = new(0, AuditChain.GenesisHash);
}
