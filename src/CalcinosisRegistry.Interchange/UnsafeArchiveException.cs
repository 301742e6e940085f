namespace CalcinosisRegistry.Interchange;

/// <summary>An archive that would expand beyond the limits (a zip bomb), or that is not a readable zip at all.</summary>
public sealed class UnsafeArchiveException(string message) : Exception(message);
