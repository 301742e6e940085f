namespace CalcinosisRegistry.Domain.Cases;

public enum Sex { Female, Male, Other, Unknown }
