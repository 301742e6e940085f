namespace CalcinosisRegistry.Contracts.Bulk;

/// <summary>Whether a commit may run, and the import's status as it starts (already committed, or committing).</summary>
[GenerateSerializer, Immutable, Alias("calcinosis.ImportCommitStart")]
public sealed record ImportCommitStart(
    [property: Id(0)] ImportCommitRefusal? Refusal,
    [property: Id(2)] ImportStatus? Status)
{
    /// <summary>
    /// How long a commit holds the import after it starts or last reports progress (every 500 cases). A second commit
    /// meanwhile is refused; after it, the first commit's process is taken to be gone and the next one resumes.
    /// </summary>
    public static TimeSpan Lease { get; } = TimeSpan.FromSeconds(30);
}
