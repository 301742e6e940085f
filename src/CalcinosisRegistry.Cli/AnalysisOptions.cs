namespace CalcinosisRegistry.Cli;

/// <summary>What <c>calcreg analyze</c> was asked for: a request file, and filter members and a comparison that override it.</summary>
public sealed record AnalysisOptions(
    string? RequestFile,
    string? Compare,
    IReadOnlyList<string> Types,
    IReadOnlyList<string> Conditions,
    IReadOnlyList<string> Sexes,
    IReadOnlyList<string> Sites,
    IReadOnlyList<string> Classes);
