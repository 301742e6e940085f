using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Web.Editing;

/// <summary>The validator's faults by JSON path, so each field shows its own (a list's faults show at the list).</summary>
public sealed class FieldFaults(IReadOnlyList<ValidationError> errors)
{
    public static FieldFaults None { get; } = new([]);

    public IReadOnlyList<ValidationError> All => errors;

    public string? At(string path)
    {
        var messages = errors.Where(e => e.Path == path).Select(e => e.Message).ToList();
        return messages.Count == 0 ? null : string.Join("; ", messages);
    }

    public bool Has(string path) => errors.Any(e => e.Path == path);
}
