namespace CalcinosisRegistry.Contracts.Bulk;

/// <summary>What committing an imported case would do, judged against the registry when the upload was staged.</summary>
[GenerateSerializer, Alias("calcinosis.ImportPreview")]
public enum ImportPreview
{
    New = 0,
    Changed = 1,
    Unchanged = 2,
    Refused = 3,
}
