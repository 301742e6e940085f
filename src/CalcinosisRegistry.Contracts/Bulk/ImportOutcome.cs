namespace CalcinosisRegistry.Contracts.Bulk;

/// <summary>What the commit did with one imported case.</summary>
[GenerateSerializer, Alias("calcinosis.ImportOutcome")]
public enum ImportOutcome
{
    /// <summary>Not written yet.</summary>
    Pending = 0,
    Created = 1,
    Replaced = 2,
    /// <summary>The stored document already equalled the imported one.</summary>
    Unchanged = 3,
    /// <summary>Someone changed (or created) the case after the preview: reported, not overwritten.</summary>
    ChangedSincePreview = 4,
    /// <summary>Refused by validation and left out (<c>skipRefused=true</c>).</summary>
    Skipped = 5,
}
