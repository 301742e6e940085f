namespace CalcinosisRegistry.Contracts.Faults;

/// <summary>
/// A dependency of the cluster (its database) failed or timed out. Thrown at the grain boundary in place of the
/// provider's own exception, which has no Orleans codec and would otherwise reach callers as CodecNotFoundException.
/// </summary>
[GenerateSerializer, Alias("calcinosis.RegistryUnavailableException")]
public sealed class RegistryUnavailableException : Exception
{
    public RegistryUnavailableException()
    {
    }

    public RegistryUnavailableException(string message) : base(message)
    {
    }

    public RegistryUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
