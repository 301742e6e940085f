namespace CalcinosisRegistry.Domain.Cases;

public enum Laterality { Left, Right, Midline, Bilateral, Unknown }
