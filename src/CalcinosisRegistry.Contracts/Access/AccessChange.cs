namespace CalcinosisRegistry.Contracts.Access;

/// <summary>The result of an admin change: done, or refused with a reason (unknown user or site, duplicate...).</summary>
[GenerateSerializer, Immutable, Alias("calcinosis.AccessChange`1")]
public sealed record AccessChange<T>(
    [property: Id(0)] T? Value,
    [property: Id(1)] AccessChangeError? Error,
    [property: Id(2)] string? Message)
{
    public static AccessChange<T> Done(T value) => new(value, null, null);

    public static AccessChange<T> Refused(AccessChangeError error, string message) => new(default, error, message);
}
