namespace CalcinosisRegistry.Grains;

public static class RegistryStorage
{
    /// <summary>The one grain storage provider of the registry (memory in the embedded default, PostgreSQL when durable).</summary>
    public const string Name = "registry";
}
