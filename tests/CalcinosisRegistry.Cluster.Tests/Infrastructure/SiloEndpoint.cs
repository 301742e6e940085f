namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>Where the write load sends requests: a silo's name (for the records) and its HTTP address.</summary>
internal sealed record SiloEndpoint(string Name, Uri BaseAddress);
