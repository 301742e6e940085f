namespace CalcinosisRegistry.Persistence.PostgreSql;

/// <summary>
/// The database records a migration that this build ships with different text, or under a different name: a released
/// migration was edited or renamed. The migrator refuses to go on, before applying anything, because the schema the
/// database has is not the one this build's later migrations and queries were written against.
/// </summary>
public sealed class MigrationHistoryMismatchException : InvalidOperationException
{
    public MigrationHistoryMismatchException(IReadOnlyList<string> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>One sentence per offending migration, each naming it.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Describe(IReadOnlyList<string> problems) =>
        "The database's migration history does not match this build, so nothing was migrated and the registry will not start: "
        + string.Join(" ", problems)
        + " A released migration must never be edited or renamed: restore its released text and name, and put the change in a new migration.";
}
