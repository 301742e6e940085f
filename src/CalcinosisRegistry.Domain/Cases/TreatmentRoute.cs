namespace CalcinosisRegistry.Domain.Cases;

public enum TreatmentRoute { Topical, Intralesional, Oral, Intravenous, Surgical, Other }
