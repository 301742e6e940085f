namespace CalcinosisRegistry.Endpoints.OpenApi;

/// <summary>
/// What the case validator requires of each object of a case document (contract section 2; CaseDocumentReader),
/// and what StrictJsonBody requires of the admin requests,
/// for the OpenAPI document: the generated schemas would mark every constructor parameter required, yet a minimal
/// document is accepted. A test submits a minimal document and removes each listed member to keep the two equal.
/// </summary>
internal static class CaseDocumentSchemas
{
    public static IReadOnlyDictionary<string, string[]> RequiredMembers { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["CaseDocument"] = ["caseId", "sex", "ageAtOnsetYears", "diagnosisYear", "calcinosisType", "lesions", "lastFollowUpDay"],
        ["LabResult"] = ["day"],
        ["Lesion"] = ["lesionId", "bodySite", "morphology", "firstSeenDay"],
        ["LesionObservation"] = ["day"],
        ["TreatmentCourse"] = ["treatmentId", "class", "route", "startDay", "lesionIds"],
        ["Assessment"] = ["day", "response"],
        ["Recurrence"] = ["lesionId", "day"],

        // The admin requests: StrictJsonBody requires the members that are not declared nullable.
        ["NewSiteRequest"] = ["siteId", "name"],
        ["NewUserRequest"] = ["userId", "displayName", "role"],
        ["NewTokenRequest"] = ["name"],
    };
}
