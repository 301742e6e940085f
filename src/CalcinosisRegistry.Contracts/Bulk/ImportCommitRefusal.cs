namespace CalcinosisRegistry.Contracts.Bulk;

[GenerateSerializer, Alias("calcinosis.ImportCommitRefusal")]
public enum ImportCommitRefusal
{
    NotFound = 0,
    /// <summary>Some cases were refused and the caller did not ask to skip them.</summary>
    HasRefusedCases = 1,
    /// <summary>Another commit of the import is running (it reported progress within the commit lease).</summary>
    CommitRunning = 2,
}
