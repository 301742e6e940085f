namespace CalcinosisRegistry.Contracts.Faults;

/// <summary>The grain layer refused a call whose caller may not touch that site's cases.</summary>
[GenerateSerializer, Alias("calcinosis.AccessDeniedException")]
public sealed class AccessDeniedException : Exception
{
    public AccessDeniedException()
    {
    }

    public AccessDeniedException(string message) : base(message)
    {
    }

    public AccessDeniedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
