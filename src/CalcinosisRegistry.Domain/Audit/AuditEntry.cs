namespace CalcinosisRegistry.Domain.Audit;

/// <summary>
/// An event as stored in the append-only log: its place in its chain (<paramref name="Chain"/>, <paramref name="Sequence"/>
/// 1, 2, 3, ... without gaps within the chain), the hash of the entry before it in that chain
/// (<see cref="AuditChain.GenesisHash"/> for the first) and its own hash, which covers the chain, the sequence, every
/// field of the event and the previous hash (see <see cref="AuditChain.ComputeHash(string, long, AuditEvent, string)"/>).
/// </summary>
/// <remarks>
/// <paramref name="Chain"/> is empty for the original single chain (every entry written before migration 0040, and
/// the in-memory log); each durable writer appends to a chain of its own. <paramref name="Position"/> orders entries
/// of all chains for listing and paging (the <c>after</c> of the API); it is assigned by the store, is not hashed,
/// and is 0 for an entry not stored yet.
/// </remarks>
public sealed record AuditEntry(long Sequence, AuditEvent Event, string PreviousHash, string Hash, string Chain = "", long Position = 0)
{
    /// <summary>The head a log whose last entry is this one must keep.</summary>
    public AuditHead ToHead() => new(Sequence, Hash);
}
