namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>
/// The write load: <paramref name="Writers"/> concurrent writers over <paramref name="CasesPerSite"/> cases in each
/// site, each writer owning its own cases (so an ETag it holds is only ever invalidated by itself).
/// </summary>
internal sealed record WriteLoadShape(
    IReadOnlyList<string> Sites,
    int CasesPerSite,
    int Writers,
    TimeSpan RequestTimeout,
    TimeSpan RetryDeadline,
    TimeSpan PauseBetweenWrites,
    TimeSpan PauseBetweenRetries,
    int Seed);
