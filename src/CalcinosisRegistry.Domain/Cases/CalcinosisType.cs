namespace CalcinosisRegistry.Domain.Cases;

public enum CalcinosisType { Dystrophic, Metastatic, Idiopathic, Iatrogenic }
