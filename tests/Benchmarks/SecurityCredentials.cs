namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// The registry tokens the security scenario provisions: a researcher of the benchmark's sites (writes), an analyst
/// (statistics, suppressed view) and an admin user (statistics, exact view).
/// </summary>
public sealed record SecurityCredentials(string ResearcherToken, string AnalystToken, string AdminToken);
