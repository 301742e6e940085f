namespace CalcinosisRegistry.Domain.Validation;

/// <summary>Accumulates every fault of one document, so a client can fix them all in one round trip.</summary>
internal sealed class ValidationErrorCollector
{
    private readonly List<ValidationError> _errors = [];

    public IReadOnlyList<ValidationError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public void Add(string path, string message) => _errors.Add(new ValidationError(path, message));
}
