namespace CalcinosisRegistry.Domain.Audit;

/// <summary>
/// The result of checking a log: <paramref name="Intact"/> when every entry hashes to its stored hash, links to the one
/// before it, the sequences run 1..n without gaps and the last entry equals the head. Otherwise
/// <paramref name="FirstBadSequence"/> is the first sequence at which the log departs from what was written (for a
/// removed entry, the missing sequence) and <paramref name="Problem"/> says how, in words for an administrator.
/// <paramref name="EntriesChecked"/> counts the entries read up to and including the first bad one.
/// <paramref name="Chain"/> names the writer's chain the problem is in (null for the original chain, for the anchors,
/// and when the log is intact); <paramref name="FirstBadSequence"/> counts within that chain.
/// </summary>
public sealed record AuditVerification(bool Intact, long EntriesChecked, long? FirstBadSequence, string? Problem, string? Chain = null);
