using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Interchange;

/// <summary>One case read from an upload: its validated document, or the faults that refuse it.</summary>
public sealed record ImportedCase(
    string CaseId,
    CaseDocument? Document,
    IReadOnlyList<ValidationWarning> Warnings,
    IReadOnlyList<ImportFault> Faults)
{
    public bool IsValid => Document is not null && Faults.Count == 0;
}
