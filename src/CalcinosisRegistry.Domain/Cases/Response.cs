namespace CalcinosisRegistry.Domain.Cases;

/// <summary>Assessed response of a treatment course. Declared best-first so that a lower value is a better response.</summary>
public enum Response { Complete, Partial, None, Progression }
