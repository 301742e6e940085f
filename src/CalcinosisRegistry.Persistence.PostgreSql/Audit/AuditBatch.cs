using CalcinosisRegistry.Persistence.PostgreSql.GrainState;

namespace CalcinosisRegistry.Persistence.PostgreSql.Audit;

/// <summary>
/// One transaction's worth of <see cref="PendingAuditAppend"/>s for <see cref="PostgreSqlAuditLog"/>'s group-commit loop,
/// and, once committed, the new version of every state row it stored (a row missing there was refused).
/// </summary>
internal sealed class AuditBatch(List<PendingAuditAppend> appends)
{
    public List<PendingAuditAppend> Appends { get; } = appends;

    public Dictionary<(string StateName, string GrainKey), int> Stored { get; set; } = [];

    /// <summary>Tells every caller of the batch its outcome: committed (with its row's version), or the fault.</summary>
    public void Complete(Exception? failure)
    {
        foreach (var pending in Appends)
        {
            if (failure is not null)
            {
                pending.MarkFailed(failure);
            }
            else
            {
                pending.MarkCommitted(pending.StateWrite is { } write ? GrainStateSql.VersionOf(Stored, write) : null);
            }
        }
    }
}
