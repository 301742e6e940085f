using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Domain.Validation;

/// <summary>
/// The outcome of validating one case document. <see cref="Document"/> is the normalised case exactly when
/// <see cref="IsValid"/>; otherwise it is null and <see cref="Errors"/> lists every fault found.
/// Warnings are only evaluated for valid documents, because only those are stored.
/// </summary>
public sealed record CaseValidationResult(
    CaseDocument? Document,
    IReadOnlyList<ValidationError> Errors,
    IReadOnlyList<ValidationWarning> Warnings)
{
    public bool IsValid => Errors.Count == 0;
}
