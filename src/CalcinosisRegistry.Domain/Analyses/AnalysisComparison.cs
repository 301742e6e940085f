namespace CalcinosisRegistry.Domain.Analyses;

/// <summary>How an analysis splits its courses into groups (the body's <c>compare</c>; kebab-case on the wire).</summary>
public enum AnalysisComparison { None, TreatmentClass, CalcinosisType, Sex, Site, AgeBand }
