namespace CalcinosisRegistry.Domain.Validation;

/// <summary>
/// A plausibility concern about an accepted case. Warnings are stored and returned with the case but never refuse it;
/// <see cref="Code"/> is a stable kebab-case value from <see cref="ValidationWarningCodes"/> that clients may branch on.
/// </summary>
public sealed record ValidationWarning(string Code, string Message);
