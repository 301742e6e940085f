namespace CalcinosisRegistry.Persistence.PostgreSql.Commit;

/// <summary>
/// One transaction's worth of <see cref="PendingCommit"/>s for <see cref="GroupCommitWriter"/>'s loop, and, once
/// committed, the new version of every state row it stored (a row missing there was refused).
/// </summary>
internal sealed class CommitBatch(List<PendingCommit> commits)
{
    public List<PendingCommit> Commits { get; } = commits;

    public bool HasEntries => Commits.Exists(commit => commit.Entry is not null);

    public Dictionary<(string StateName, string GrainKey), int> Stored { get; set; } = [];

    /// <summary>Tells every caller of the batch its outcome: committed (with its row's version), or the fault.</summary>
    public void Complete(Exception? failure)
    {
        foreach (var commit in Commits)
        {
            if (failure is not null)
            {
                commit.MarkFailed(failure);
            }
            else
            {
                commit.MarkCommitted(commit.StateWrite is { } write ? GrainStateSql.VersionOf(Stored, write) : null);
            }
        }
    }
}
