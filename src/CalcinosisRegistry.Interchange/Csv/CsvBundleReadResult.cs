namespace CalcinosisRegistry.Interchange.Csv;

/// <summary>
/// A read bundle: faults of the upload as a whole, and each case (valid, or with its own faults), validated as it is
/// enumerated (each enumeration validates again).
/// </summary>
public sealed record CsvBundleReadResult(IReadOnlyList<ImportFault> BundleFaults, IEnumerable<ImportedCase> Cases);
