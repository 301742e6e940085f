namespace CalcinosisRegistry.Interchange.Fhir;

/// <summary>The systems and extension URLs the FHIR export uses (docs/fhir.md lists what each carries).</summary>
public static class FhirUris
{
    public const string Base = "https://calcinosis-registry.example/fhir";

    public const string Icd10 = "http://hl7.org/fhir/sid/icd-10";
    public const string Loinc = "http://loinc.org";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string ConditionVerification = "http://terminology.hl7.org/CodeSystem/condition-ver-status";

    /// <summary>Registry-scoped case identifiers, one system per site: <c>{Base}/sites/{siteId}/case-id</c>.</summary>
    public static string CaseIdentifierSystem(string siteId) => $"{Base}/sites/{siteId}/case-id";

    public static string LesionIdentifierSystem(string siteId, string caseId) => $"{Base}/sites/{siteId}/cases/{caseId}/lesion-id";

    public static string TreatmentIdentifierSystem(string siteId, string caseId) => $"{Base}/sites/{siteId}/cases/{caseId}/treatment-id";

    /// <summary>A code system of the registry named after its vocabulary, e.g. <c>{Base}/CodeSystem/calcinosis-type</c>.</summary>
    public static string CodeSystem(string vocabulary) => $"{Base}/CodeSystem/{vocabulary}";

    /// <summary>Day offset from diagnosis (day 0) at which something happened or started: valueDuration in days.</summary>
    public static readonly string DayOffsetExtension = $"{Base}/StructureDefinition/day-offset";

    /// <summary>Day offset at which a treatment course ended (absent while ongoing).</summary>
    public static readonly string EndDayOffsetExtension = $"{Base}/StructureDefinition/end-day-offset";

    /// <summary>The case's last follow-up as a day offset.</summary>
    public static readonly string LastFollowUpExtension = $"{Base}/StructureDefinition/last-follow-up-day-offset";

    /// <summary>The calendar year of diagnosis, the only calendar fact the registry keeps.</summary>
    public static readonly string DiagnosisYearExtension = $"{Base}/StructureDefinition/diagnosis-year";

    /// <summary>A lesion (BodyStructure) a treatment course targets.</summary>
    public static readonly string TargetLesionExtension = $"{Base}/StructureDefinition/target-lesion";
}
