namespace CalcinosisRegistry.Domain.Audit;

/// <summary>
/// An event as stored in the append-only log: its position (<paramref name="Sequence"/>, 1, 2, 3, ... without gaps),
/// the hash of the entry before it (<see cref="AuditChain.GenesisHash"/> for the first) and its own hash, which covers
/// the sequence, every field of the event and the previous hash (see <see cref="AuditChain.ComputeHash"/>).
/// </summary>
public sealed record AuditEntry(long Sequence, AuditEvent Event, string PreviousHash, string Hash)
{
    /// <summary>The head a log whose last entry is this one must keep.</summary>
    public AuditHead ToHead() => new(Sequence, Hash);
}
