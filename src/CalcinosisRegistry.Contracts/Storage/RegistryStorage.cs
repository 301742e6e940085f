namespace CalcinosisRegistry.Contracts.Storage;

public static class RegistryStorage
{
    /// <summary>The one grain storage provider of the registry (memory in the embedded default, PostgreSQL when durable).</summary>
    public const string Name = "registry";

    /// <summary>
    /// The case grain's state name. The durable schema refers to it: a trigger marks every stored row of this state as
    /// pending publication (migration 0007), so renaming it needs a migration.
    /// </summary>
    public const string CaseStateName = "case";
}
