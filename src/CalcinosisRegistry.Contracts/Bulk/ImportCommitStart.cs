namespace CalcinosisRegistry.Contracts.Bulk;

/// <summary>Whether a commit may run, and the import's status as it starts (already committed, or committing).</summary>
[GenerateSerializer, Immutable, Alias("calcinosis.ImportCommitStart")]
public sealed record ImportCommitStart(
    [property: Id(0)] ImportCommitRefusal? Refusal,
    [property: Id(2)] ImportStatus? Status);
