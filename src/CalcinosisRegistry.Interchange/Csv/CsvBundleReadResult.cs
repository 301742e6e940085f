namespace CalcinosisRegistry.Interchange.Csv;

/// <summary>
/// A read bundle: faults of the upload as a whole, and each case (valid, or with its own faults), validated as it is
/// enumerated (each enumeration validates again) from the rows spilled to disk, which disposing frees.
/// </summary>
public sealed class CsvBundleReadResult(IReadOnlyList<ImportFault> bundleFaults, IEnumerable<ImportedCase> cases, IDisposable spill) : IDisposable
{
    public IReadOnlyList<ImportFault> BundleFaults { get; } = bundleFaults;

    public IEnumerable<ImportedCase> Cases { get; } = cases;

    public void Dispose() => spill.Dispose();
}
