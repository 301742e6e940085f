namespace CalcinosisRegistry.Domain.Cases;

public enum Morphology { Papule, Nodule, Plaque }
