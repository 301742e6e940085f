namespace CalcinosisRegistry.Domain.Cases;

public sealed record Lesion(
    string LesionId,
    BodySite BodySite,
    Laterality Laterality,
    Morphology Morphology,
    int FirstSeenDay,
    IReadOnlyList<LesionObservation> Observations);
