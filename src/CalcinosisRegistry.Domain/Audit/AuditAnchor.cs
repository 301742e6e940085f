namespace CalcinosisRegistry.Domain.Audit;

/// <summary>
/// A published record of every chain's head at one moment (<paramref name="Heads"/>, as <see cref="AuditChainHeads"/>
/// formats them), itself one link of the anchor chain: <paramref name="Sequence"/> 1, 2, 3, ... without gaps, each
/// hashed over its content and the hash of the anchor before it (<see cref="AuditAnchorChain"/>).
/// </summary>
public sealed record AuditAnchor(long Sequence, DateTimeOffset PublishedAt, string Heads, string PreviousHash, string Hash)
{
    public AuditHead ToHead() => new(Sequence, Hash);
}
