using System.Globalization;
using System.Text.Json;
using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Domain.Validation;

/// <summary>
/// Walks one case document's JSON tree, checking the contract's rules (section 2) and building the normalised
/// <see cref="CaseDocument"/>. Every fault goes to the collector; the document is returned only if there was none.
/// One reader validates one document.
/// </summary>
internal sealed class CaseDocumentReader
{
    // Contract limits (section 2), shared with the bulk formats' data dictionary.
    private const int FirstDay = CaseRules.FirstDay;
    private const int LastDay = CaseRules.LastDay;
    private const int MaxLesions = CaseRules.MaxLesions;
    private const int MaxTreatments = CaseRules.MaxTreatments;
    private const int MaxAgentLength = CaseRules.MaxAgentLength;
    private const int EarliestDiagnosisYear = CaseRules.EarliestDiagnosisYear;
    private const int MaxAgeYears = CaseRules.MaxAgeYears;
    private const int OldestReportedAge = CaseRules.OldestReportedAge;

    private const int MaxListedLaterDays = 10;

    private static readonly string[] CaseProperties =
    [
        "caseId", "sex", "ageAtOnsetYears", "diagnosisYear", "calcinosisType", "underlyingConditions", "labs",
        "diagnosticMethods", "lesions", "treatments", "recurrences", "lastFollowUpDay",
    ];

    private static readonly string[] LabProperties = ["day", "serumCalciumMgDl", "phosphateMgDl", "pthPgMl"];

    private static readonly string[] LesionProperties =
        ["lesionId", "bodySite", "laterality", "morphology", "firstSeenDay", "observations"];

    private static readonly string[] ObservationProperties = ["day", "sizeMm", "ulcerated", "infected", "painScore"];

    private static readonly string[] TreatmentProperties =
        ["treatmentId", "class", "agent", "route", "startDay", "endDay", "lesionIds", "assessments"];

    private static readonly string[] AssessmentProperties = ["day", "response"];

    private static readonly string[] RecurrenceProperties = ["lesionId", "day"];

    private static readonly ArrayCountLimits LesionLimits = new(1, MaxLesions, "a case must have at least one lesion");

    private static readonly ArrayCountLimits TargetLimits =
        new(1, int.MaxValue, "a treatment course must target at least one lesion");

    private readonly ValidationErrorCollector _errors;
    private readonly int _currentYear;

    // Every day read anywhere in the document (except lastFollowUpDay itself), to check follow-up covers them all.
    // Each keeps where it was (its object and property), and its path is spelt out only for an error message.
    private readonly List<(int Day, JsonObjectFields Fields, string Name)> _daysInDocument = [];

    // Where each identifier was first seen, to point a duplicate at its twin.
    private readonly Dictionary<string, JsonObjectFields> _lesionIdFirstUses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObjectFields> _treatmentIdFirstUses = new(StringComparer.Ordinal);

    // False when the lesions array itself is missing or no array: then references cannot be judged, and reporting
    // every lesionIds entry as dangling would only bury the real fault.
    private bool _lesionsKnown;

    public CaseDocumentReader(ValidationErrorCollector errors, int currentYear)
    {
        _errors = errors;
        _currentYear = currentYear;
    }

    public CaseDocument? Read(JsonElement root)
    {
        var fields = JsonObjectFields.Open(root, JsonPath.Root, CaseProperties, _errors);
        if (fields is null)
        {
            return null;
        }

        var caseId = fields.ReadIdentifier("caseId");
        var sex = fields.ReadVocabulary<Sex>("sex", required: true);
        var ageAtOnsetYears = fields.ReadWholeNumber("ageAtOnsetYears", required: true, 0, MaxAgeYears);
        var diagnosisYear = fields.ReadWholeNumber("diagnosisYear", required: true, EarliestDiagnosisYear, _currentYear);
        var calcinosisType = fields.ReadVocabulary<CalcinosisType>("calcinosisType", required: true);
        var underlyingConditions = fields.ReadVocabularySet<UnderlyingCondition>("underlyingConditions");
        var labs = fields.ReadArray("labs", required: false, ArrayCountLimits.Unlimited, ReadLab);
        var diagnosticMethods = fields.ReadVocabularySet<DiagnosticMethod>("diagnosticMethods");

        // Lesions first, whatever the property order in the JSON: treatments and recurrences refer to them.
        var lesions = fields.ReadArray("lesions", required: true, LesionLimits, ReadLesion);
        _lesionsKnown = lesions is not null;
        var treatments = fields.ReadArray("treatments", required: false, ArrayCountLimits.AtMost(MaxTreatments), ReadTreatment);
        var recurrences = fields.ReadArray("recurrences", required: false, ArrayCountLimits.Unlimited, ReadRecurrence);

        var lastFollowUpDay = fields.ReadWholeNumber("lastFollowUpDay", required: true, FirstDay, LastDay);
        if (lastFollowUpDay is int followUp)
        {
            CheckFollowUpCoversEveryDay(followUp, fields.PathOf("lastFollowUpDay"));
        }

        if (_errors.HasErrors
            || caseId is null || sex is null || ageAtOnsetYears is null || diagnosisYear is null
            || calcinosisType is null || underlyingConditions is null || labs is null || diagnosticMethods is null
            || lesions is null || treatments is null || recurrences is null || lastFollowUpDay is null)
        {
            return null;
        }

        return new CaseDocument(
            caseId,
            sex.Value,
            Math.Min(ageAtOnsetYears.Value, OldestReportedAge),
            diagnosisYear.Value,
            calcinosisType.Value,
            underlyingConditions,
            labs,
            diagnosticMethods,
            lesions,
            treatments,
            recurrences,
            lastFollowUpDay.Value);
    }

    private LabResult? ReadLab(JsonElement element, string path)
    {
        var fields = JsonObjectFields.Open(element, path, LabProperties, _errors);
        if (fields is null)
        {
            return null;
        }

        var day = ReadDay(fields, "day", required: true);
        var serumCalcium = fields.ReadNumber("serumCalciumMgDl", required: false, CaseRules.MinSerumCalciumMgDl, CaseRules.MaxSerumCalciumMgDl);
        var phosphate = fields.ReadNumber("phosphateMgDl", required: false, CaseRules.MinPhosphateMgDl, CaseRules.MaxPhosphateMgDl);
        var pth = fields.ReadNumber("pthPgMl", required: false, CaseRules.MinPthPgMl, max: null);

        return day is null ? null : new LabResult(day.Value, serumCalcium, phosphate, pth);
    }

    private Lesion? ReadLesion(JsonElement element, string path)
    {
        var fields = JsonObjectFields.Open(element, path, LesionProperties, _errors);
        if (fields is null)
        {
            return null;
        }

        var lesionId = fields.ReadIdentifier("lesionId");
        RegisterUniqueIdentifier(fields, "lesionId", _lesionIdFirstUses);
        var bodySite = fields.ReadVocabulary<BodySite>("bodySite", required: true);
        var laterality = fields.ReadVocabulary<Laterality>("laterality", required: false);
        var morphology = fields.ReadVocabulary<Morphology>("morphology", required: true);
        var firstSeenDay = ReadDay(fields, "firstSeenDay", required: true);
        var observations = fields.ReadArray("observations", required: false, ArrayCountLimits.Unlimited, ReadObservation);

        if (lesionId is null || bodySite is null || morphology is null || firstSeenDay is null || observations is null)
        {
            return null;
        }

        return new Lesion(
            lesionId, bodySite.Value, laterality ?? Laterality.Unknown, morphology.Value, firstSeenDay.Value, observations);
    }

    private LesionObservation? ReadObservation(JsonElement element, string path)
    {
        var fields = JsonObjectFields.Open(element, path, ObservationProperties, _errors);
        if (fields is null)
        {
            return null;
        }

        var day = ReadDay(fields, "day", required: true);
        var sizeMm = fields.ReadNumber("sizeMm", required: false, CaseRules.MinSizeMm, CaseRules.MaxSizeMm);
        var ulcerated = fields.ReadOptionalBoolean("ulcerated");
        var infected = fields.ReadOptionalBoolean("infected");
        var painScore = fields.ReadWholeNumber("painScore", required: false, CaseRules.MinPainScore, CaseRules.MaxPainScore);

        return day is null ? null : new LesionObservation(day.Value, sizeMm, ulcerated, infected, painScore);
    }

    private TreatmentCourse? ReadTreatment(JsonElement element, string path)
    {
        var fields = JsonObjectFields.Open(element, path, TreatmentProperties, _errors);
        if (fields is null)
        {
            return null;
        }

        var treatmentId = fields.ReadIdentifier("treatmentId");
        RegisterUniqueIdentifier(fields, "treatmentId", _treatmentIdFirstUses);
        var treatmentClass = fields.ReadVocabulary<TreatmentClass>("class", required: true);
        var agent = fields.ReadOptionalString("agent", MaxAgentLength);
        if (agent is not null && FreeTextRules.AgentFault(agent) is { } agentFault)
        {
            _errors.Add(JsonPath.Property(path, "agent"), agentFault);
            agent = null;
        }
        var route = fields.ReadVocabulary<TreatmentRoute>("route", required: true);
        var startDay = ReadDay(fields, "startDay", required: true);
        var endDay = ReadDay(fields, "endDay", required: false);
        if (startDay is int start && endDay is int end && end < start)
        {
            _errors.Add(fields.PathOf("endDay"), Invariant($"must not be before startDay {start} (got {end})"));
        }

        var targetsSeen = new HashSet<string>(StringComparer.Ordinal);
        var lesionIds = fields.ReadArray(
            "lesionIds", required: true, TargetLimits, (item, itemPath) => ReadTargetLesionId(item, itemPath, targetsSeen));
        var assessments = fields.ReadArray(
            "assessments",
            required: false,
            ArrayCountLimits.Unlimited,
            (item, itemPath) => ReadAssessment(item, itemPath, startDay));

        if (treatmentId is null || treatmentClass is null || route is null || startDay is null
            || lesionIds is null || assessments is null)
        {
            return null;
        }

        return new TreatmentCourse(
            treatmentId, treatmentClass.Value, agent, route.Value, startDay.Value, endDay, lesionIds, assessments);
    }

    private string? ReadTargetLesionId(JsonElement element, string path, HashSet<string> targetsSeen)
    {
        var lesionId = ReadLesionReference(element, path);
        if (lesionId is not null && !targetsSeen.Add(lesionId))
        {
            // lesionIds is a set of targets; a repeat would count the lesion twice in the course's statistics.
            _errors.Add(path, $"lesion {JsonValueDescription.Quote(lesionId)} is listed more than once in this course");
            return null;
        }

        return lesionId;
    }

    private Assessment? ReadAssessment(JsonElement element, string path, int? startDay)
    {
        var fields = JsonObjectFields.Open(element, path, AssessmentProperties, _errors);
        if (fields is null)
        {
            return null;
        }

        var day = ReadDay(fields, "day", required: true);
        if (day is int assessed && startDay is int start && assessed < start)
        {
            _errors.Add(fields.PathOf("day"), Invariant($"must not be before the course's startDay {start} (got {assessed})"));
        }

        var response = fields.ReadVocabulary<Response>("response", required: true);

        return day is null || response is null ? null : new Assessment(day.Value, response.Value);
    }

    private Recurrence? ReadRecurrence(JsonElement element, string path)
    {
        var fields = JsonObjectFields.Open(element, path, RecurrenceProperties, _errors);
        if (fields is null)
        {
            return null;
        }

        var lesionId = fields.ReadRequiredString("lesionId") is { } reference
            ? CheckLesionReference(reference, fields.PathOf("lesionId"))
            : null;
        var day = ReadDay(fields, "day", required: true);

        return lesionId is null || day is null ? null : new Recurrence(lesionId, day.Value);
    }

    private string? ReadLesionReference(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return CheckLesionReference(element.GetString()!, path);
        }

        _errors.Add(path, $"must be the lesionId of a lesion of this case (got {JsonValueDescription.Describe(element)})");
        return null;
    }

    // A reference must name a lesion of this case; an unknown name is reported once, at the reference.
    private string? CheckLesionReference(string lesionId, string path)
    {
        if (_lesionsKnown && !_lesionIdFirstUses.ContainsKey(lesionId))
        {
            _errors.Add(path, $"{JsonValueDescription.Quote(lesionId)} is not the lesionId of any lesion of this case");
            return null;
        }

        return lesionId;
    }

    private void RegisterUniqueIdentifier(JsonObjectFields fields, string name, Dictionary<string, JsonObjectFields> firstUses)
    {
        // Raw strings count, even malformed ones, so that one bad id is not also reported as dangling or duplicated.
        if (fields.PeekString(name) is not { } identifier)
        {
            return;
        }

        if (!firstUses.TryAdd(identifier, fields))
        {
            _errors.Add(fields.PathOf(name), $"{name} {JsonValueDescription.Quote(identifier)} is already used at {firstUses[identifier].PathOf(name)}");
        }
    }

    private int? ReadDay(JsonObjectFields fields, string name, bool required)
    {
        var day = fields.ReadWholeNumber(name, required, FirstDay, LastDay);
        if (day is int value)
        {
            _daysInDocument.Add((value, fields, name));
        }

        return day;
    }

    private void CheckFollowUpCoversEveryDay(int lastFollowUpDay, string path)
    {
        var later = _daysInDocument.Where(entry => entry.Day > lastFollowUpDay).ToList();
        if (later.Count == 0)
        {
            return;
        }

        // One error at lastFollowUpDay (the value to fix), naming the later days so none has to be hunted for; the
        // list is cut short because a large case can hold thousands of days.
        var listed = string.Join(", ", later.Take(MaxListedLaterDays).Select(entry => Invariant($"{entry.Day} at {entry.Fields.PathOf(entry.Name)}")));
        var more = later.Count > MaxListedLaterDays ? Invariant($" and {later.Count - MaxListedLaterDays} more") : string.Empty;
        _errors.Add(path, Invariant($"must not be before any day in the document (got {lastFollowUpDay}; later: {listed}{more})"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
