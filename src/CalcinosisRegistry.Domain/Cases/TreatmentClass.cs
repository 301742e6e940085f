namespace CalcinosisRegistry.Domain.Cases;

public enum TreatmentClass
{
    TopicalSteroid, IntralesionalSteroid, CalciumChannelBlocker, Bisphosphonate, Surgery, SodiumThiosulfate, Other,
}
