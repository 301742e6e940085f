using CalcinosisRegistry.Interchange;

namespace CalcinosisRegistry.Endpoints.Bulk;

/// <summary>An upload being read: the faults that refuse it whole, and its cases as they are read; disposing frees what the reader spilled.</summary>
internal sealed class ImportReading(IReadOnlyList<ImportFault> uploadFaults, IAsyncEnumerable<ImportedCase> cases, IDisposable? spill) : IDisposable
{
    public IReadOnlyList<ImportFault> UploadFaults { get; } = uploadFaults;

    public IAsyncEnumerable<ImportedCase> Cases { get; } = cases;

    public void Dispose() => spill?.Dispose();
}
