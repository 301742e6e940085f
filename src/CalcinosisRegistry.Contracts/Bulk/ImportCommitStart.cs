namespace CalcinosisRegistry.Contracts.Bulk;

/// <summary>Whether a commit may run, and the cases it still has to write (all of them, or those left by an interrupted commit).</summary>
[GenerateSerializer, Immutable, Alias("calcinosis.ImportCommitStart")]
public sealed record ImportCommitStart(
    [property: Id(0)] ImportCommitRefusal? Refusal,
    [property: Id(1)] IReadOnlyList<ImportCase> Pending);
