namespace CalcinosisRegistry.Contracts.Bulk;

[GenerateSerializer, Alias("calcinosis.ImportPhase")]
public enum ImportPhase
{
    /// <summary>Validated and previewed; nothing stored yet.</summary>
    Staged = 0,
    Committing = 1,
    Committed = 2,
}
