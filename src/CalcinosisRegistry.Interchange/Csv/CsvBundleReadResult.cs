namespace CalcinosisRegistry.Interchange.Csv;

/// <summary>A read bundle: faults of the upload as a whole, and each case (valid, or with its own faults).</summary>
public sealed record CsvBundleReadResult(IReadOnlyList<ImportFault> BundleFaults, IReadOnlyList<ImportedCase> Cases);
