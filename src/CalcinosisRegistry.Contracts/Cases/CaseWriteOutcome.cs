namespace CalcinosisRegistry.Contracts.Cases;

[GenerateSerializer, Alias("calcinosis.CaseWriteOutcome")]
public enum CaseWriteOutcome
{
    Created = 0,
    Replaced = 1,
    /// <summary>The document sent equals the stored one: nothing changed (a safe retry).</summary>
    Unchanged = 2,
    Withdrawn = 3,
    NotFound = 4,
    /// <summary>Changing an existing case needs the caller's ETag.</summary>
    PreconditionRequired = 5,
    /// <summary>The caller's ETag is not the current one.</summary>
    PreconditionFailed = 6,
}
