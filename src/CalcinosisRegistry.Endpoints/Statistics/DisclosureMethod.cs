namespace CalcinosisRegistry.Endpoints.Statistics;

/// <summary><c>round</c> (the default: midpoint rounding) or <c>suppress</c> (complementary suppression with k).</summary>
public enum DisclosureMethod { Round, Suppress }
