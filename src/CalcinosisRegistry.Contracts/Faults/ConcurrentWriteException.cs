namespace CalcinosisRegistry.Contracts.Faults;

/// <summary>
/// Storage refused a write because someone else wrote first (the storage ETag was stale). Nothing was changed;
/// the caller should read again and retry.
/// </summary>
[GenerateSerializer, Alias("calcinosis.ConcurrentWriteException")]
public sealed class ConcurrentWriteException : Exception
{
    public ConcurrentWriteException()
    {
    }

    public ConcurrentWriteException(string message) : base(message)
    {
    }

    public ConcurrentWriteException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
