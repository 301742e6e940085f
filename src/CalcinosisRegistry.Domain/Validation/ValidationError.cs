namespace CalcinosisRegistry.Domain.Validation;

/// <summary>One reason a case document was refused, located by a JSON path such as <c>$.lesions[0].observations[1].sizeMm</c>.</summary>
public sealed record ValidationError(string Path, string Message);
