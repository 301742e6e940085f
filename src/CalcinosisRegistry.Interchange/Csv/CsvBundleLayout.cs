using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Interchange.Csv;

/// <summary>
/// The CSV bundle's files and columns (snake_case names of the case document's camelCase fields). Vocabularies and
/// ranges come from <see cref="CaseJson"/> and <see cref="CaseRules"/>, the validator's own sources, so the data
/// dictionary written from this layout always says what the validator enforces.
/// </summary>
public static class CsvBundleLayout
{
    public const string CaseIdColumn = "case_id";
    public const string LesionIdColumn = "lesion_id";
    public const string TreatmentIdColumn = "treatment_id";
    public const string DataDictionaryFile = "data-dictionary.csv";

    public const char ListSeparator = ';';

    private static readonly CsvColumn CaseKey = new(CaseIdColumn, null, CsvColumnKind.Identifier, true,
        "The case (cases.csv case_id) this row belongs to.", AllowedValues: [CaseIdentifiers.CaseIdPattern]);

    public static CsvBundleFile Cases { get; } = new("cases.csv", null, null, null,
    [
        new(CaseIdColumn, "caseId", CsvColumnKind.Identifier, true, "Site-local pseudonymous case code; unique in the bundle.",
            AllowedValues: [CaseIdentifiers.CaseIdPattern]),
        new("sex", "sex", CsvColumnKind.Code, true, "Sex.", AllowedValues: CaseJson.WireNames<Sex>()),
        new("age_at_onset_years", "ageAtOnsetYears", CsvColumnKind.WholeNumber, true,
            $"Age at onset in whole years; ages above {CaseRules.OldestReportedAge - 1} are stored as {CaseRules.OldestReportedAge}.",
            Unit: "years", Minimum: 0, Maximum: CaseRules.MaxAgeYears),
        new("diagnosis_year", "diagnosisYear", CsvColumnKind.WholeNumber, true, "Calendar year of diagnosis (not after the current year).",
            Unit: "year", Minimum: CaseRules.EarliestDiagnosisYear),
        new("calcinosis_type", "calcinosisType", CsvColumnKind.Code, true, "Calcinosis cutis type.",
            AllowedValues: CaseJson.WireNames<CalcinosisType>()),
        new("underlying_conditions", "underlyingConditions", CsvColumnKind.CodeList, false, "Underlying conditions, each at most once.",
            AllowedValues: CaseJson.WireNames<UnderlyingCondition>()),
        new("diagnostic_methods", "diagnosticMethods", CsvColumnKind.CodeList, false, "How the calcinosis was diagnosed, each at most once.",
            AllowedValues: CaseJson.WireNames<DiagnosticMethod>()),
        new("last_follow_up_day", "lastFollowUpDay", CsvColumnKind.WholeNumber, true,
            "Last follow-up, as a day offset from diagnosis (day 0); not before any other day of the case.",
            Unit: "day", Minimum: CaseRules.FirstDay, Maximum: CaseRules.LastDay),
    ]);

    public static CsvBundleFile Lesions { get; } = new("lesions.csv", "lesions", null, null,
    [
        CaseKey,
        new(LesionIdColumn, "lesionId", CsvColumnKind.Identifier, true, "Lesion code, unique within the case.",
            AllowedValues: [CaseIdentifiers.CaseIdPattern]),
        new("body_site", "bodySite", CsvColumnKind.Code, true, "Body site.", AllowedValues: CaseJson.WireNames<BodySite>()),
        new("laterality", "laterality", CsvColumnKind.Code, false, "Side; empty means unknown.", AllowedValues: CaseJson.WireNames<Laterality>()),
        new("morphology", "morphology", CsvColumnKind.Code, true, "Morphology.", AllowedValues: CaseJson.WireNames<Morphology>()),
        new("first_seen_day", "firstSeenDay", CsvColumnKind.WholeNumber, true, "Day the lesion was first seen.",
            Unit: "day", Minimum: CaseRules.FirstDay, Maximum: CaseRules.LastDay),
    ]);

    public static CsvBundleFile Observations { get; } = new("observations.csv", null, LesionIdColumn, "observations",
    [
        CaseKey,
        new(LesionIdColumn, null, CsvColumnKind.Identifier, true, "The lesion (lesions.csv lesion_id of the same case) observed."),
        Day("day", "Day of the observation."),
        new("size_mm", "sizeMm", CsvColumnKind.Number, false, "Largest diameter.", Unit: "mm",
            Minimum: CaseRules.MinSizeMm, Maximum: CaseRules.MaxSizeMm),
        new("ulcerated", "ulcerated", CsvColumnKind.Boolean, false, "Ulcerated (true or false; empty if not recorded).", AllowedValues: ["true", "false"]),
        new("infected", "infected", CsvColumnKind.Boolean, false, "Infected (true or false; empty if not recorded).", AllowedValues: ["true", "false"]),
        new("pain_score", "painScore", CsvColumnKind.WholeNumber, false, "Pain on a numeric rating scale.", Unit: "NRS",
            Minimum: CaseRules.MinPainScore, Maximum: CaseRules.MaxPainScore),
    ]);

    public static CsvBundleFile Treatments { get; } = new("treatments.csv", "treatments", null, null,
    [
        CaseKey,
        new(TreatmentIdColumn, "treatmentId", CsvColumnKind.Identifier, true, "Treatment course code, unique within the case.",
            AllowedValues: [CaseIdentifiers.CaseIdPattern]),
        new("class", "class", CsvColumnKind.Code, true, "Treatment class.", AllowedValues: CaseJson.WireNames<TreatmentClass>()),
        new("agent", "agent", CsvColumnKind.Text, false, $"Agent or procedure, free text of at most {CaseRules.MaxAgentLength} characters."),
        new("route", "route", CsvColumnKind.Code, true, "Route.", AllowedValues: CaseJson.WireNames<TreatmentRoute>()),
        Day("start_day", "First day of the course.", "startDay"),
        new("end_day", "endDay", CsvColumnKind.WholeNumber, false, "Last day of the course (empty while ongoing); not before start_day.",
            Unit: "day", Minimum: CaseRules.FirstDay, Maximum: CaseRules.LastDay),
        new("lesion_ids", "lesionIds", CsvColumnKind.IdentifierList, true, "The lesions the course targets (at least one, each once)."),
    ]);

    public static CsvBundleFile Assessments { get; } = new("assessments.csv", null, TreatmentIdColumn, "assessments",
    [
        CaseKey,
        new(TreatmentIdColumn, null, CsvColumnKind.Identifier, true, "The course (treatments.csv treatment_id of the same case) assessed."),
        Day("day", "Day of the assessment; not before the course's start_day."),
        new("response", "response", CsvColumnKind.Code, true, "Assessed response.", AllowedValues: CaseJson.WireNames<Response>()),
    ]);

    public static CsvBundleFile Recurrences { get; } = new("recurrences.csv", "recurrences", null, null,
    [
        CaseKey,
        new(LesionIdColumn, "lesionId", CsvColumnKind.Identifier, true, "The lesion (lesions.csv lesion_id of the same case) that recurred."),
        Day("day", "Day of the recurrence."),
    ]);

    public static CsvBundleFile Labs { get; } = new("labs.csv", "labs", null, null,
    [
        CaseKey,
        Day("day", "Day of the blood sample."),
        new("serum_calcium_mg_dl", "serumCalciumMgDl", CsvColumnKind.Number, false, "Serum calcium.", Unit: "mg/dL",
            Minimum: CaseRules.MinSerumCalciumMgDl, Maximum: CaseRules.MaxSerumCalciumMgDl),
        new("phosphate_mg_dl", "phosphateMgDl", CsvColumnKind.Number, false, "Serum phosphate.", Unit: "mg/dL",
            Minimum: CaseRules.MinPhosphateMgDl, Maximum: CaseRules.MaxPhosphateMgDl),
        new("pth_pg_ml", "pthPgMl", CsvColumnKind.Number, false, "Parathyroid hormone.", Unit: "pg/mL", Minimum: CaseRules.MinPthPgMl),
    ]);

    /// <summary>Every data file, in the order they are written and read (owners before what they own).</summary>
    public static IReadOnlyList<CsvBundleFile> Files { get; } =
        [Cases, Lesions, Observations, Treatments, Assessments, Recurrences, Labs];

    private static CsvColumn Day(string name, string description, string? jsonName = null) =>
        new(name, jsonName ?? name, CsvColumnKind.WholeNumber, true, description,
            Unit: "day", Minimum: CaseRules.FirstDay, Maximum: CaseRules.LastDay);
}
