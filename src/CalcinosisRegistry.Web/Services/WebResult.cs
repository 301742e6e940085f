using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Web.Services;

/// <summary>
/// What an action of the web application came to, in the API's terms: its status, a title and detail as the API's
/// problem document would give them, every validation fault, and the value when it succeeded.
/// </summary>
public sealed record WebResult<T>(int Status, T? Value, string? Title = null, string? Detail = null, IReadOnlyList<ValidationError>? Errors = null)
{
    public bool Succeeded => Status is >= 200 and < 300;

    public IReadOnlyList<ValidationError> Faults => Errors ?? [];

    public static WebResult<T> Ok(T value, int status = 200) => new(status, value);

    public static WebResult<T> Problem(int status, string title, string detail, IReadOnlyList<ValidationError>? errors = null) =>
        new(status, default, title, detail, errors);
}
