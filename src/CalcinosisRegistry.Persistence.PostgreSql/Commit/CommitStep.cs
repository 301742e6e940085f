namespace CalcinosisRegistry.Persistence.PostgreSql.Commit;

/// <summary>
/// The points between the statements of the writer's locking transaction (state rows, head lock, entries, commit),
/// where <see cref="CommitStepHook"/> lets a test cut the connection.
/// </summary>
internal enum CommitStep
{
    /// <summary>The batch's state rows are written; the head is not locked yet.</summary>
    StatesWritten,

    /// <summary>The head row is locked; no entry is inserted yet.</summary>
    HeadLocked,

    /// <summary>The entries are inserted and the head moved; the transaction is not committed yet.</summary>
    EntriesAppended,
}
