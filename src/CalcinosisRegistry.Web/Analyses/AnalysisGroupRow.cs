using CalcinosisRegistry.Web.Outcomes;

namespace CalcinosisRegistry.Web.Analyses;

/// <summary>One group of an analysis as the builder shows it; <see cref="Outcome"/> is null when disclosure withheld the group (too few cases).</summary>
public sealed record AnalysisGroupRow(string Key, string Label, ClassOutcome? Outcome);
