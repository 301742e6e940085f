using System.Text.Json;
using System.Text.Json.Nodes;
using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Web.Editing;

/// <summary>
/// The case editor's working copy of a whole case document. Every field may be empty while editing; the document it
/// becomes (<see cref="ToJson"/>) leaves empty fields out, so the Domain validator reports each missing one at its
/// JSON path, exactly as it would for the API.
/// </summary>
public sealed class CaseForm
{
    public string? CaseId { get; set; }
    public string? Sex { get; set; }
    public int? AgeAtOnsetYears { get; set; }
    public int? DiagnosisYear { get; set; }
    public string? CalcinosisType { get; set; }
    public List<string> UnderlyingConditions { get; set; } = [];
    public List<LabForm> Labs { get; set; } = [];
    public List<string> DiagnosticMethods { get; set; } = [];
    public List<LesionForm> Lesions { get; set; } = [];
    public List<TreatmentForm> Treatments { get; set; } = [];
    public List<RecurrenceForm> Recurrences { get; set; } = [];
    public int? LastFollowUpDay { get; set; }

    public static CaseForm New(string? caseId) => new() { CaseId = caseId, Lesions = [new LesionForm { LesionId = "L1" }] };

    public static CaseForm From(CaseDocument document) => new()
    {
        CaseId = document.CaseId,
        Sex = CaseJson.ToWireName(document.Sex),
        AgeAtOnsetYears = document.AgeAtOnsetYears,
        DiagnosisYear = document.DiagnosisYear,
        CalcinosisType = CaseJson.ToWireName(document.CalcinosisType),
        UnderlyingConditions = [.. document.UnderlyingConditions.Select(CaseJson.ToWireName)],
        Labs = [.. document.Labs.Select(l => new LabForm { Day = l.Day, SerumCalciumMgDl = l.SerumCalciumMgDl, PhosphateMgDl = l.PhosphateMgDl, PthPgMl = l.PthPgMl })],
        DiagnosticMethods = [.. document.DiagnosticMethods.Select(CaseJson.ToWireName)],
        Lesions = [.. document.Lesions.Select(l => new LesionForm
        {
            LesionId = l.LesionId,
            BodySite = CaseJson.ToWireName(l.BodySite),
            Laterality = CaseJson.ToWireName(l.Laterality),
            Morphology = CaseJson.ToWireName(l.Morphology),
            FirstSeenDay = l.FirstSeenDay,
            Observations = [.. l.Observations.Select(o => new ObservationForm { Day = o.Day, SizeMm = o.SizeMm, Ulcerated = o.Ulcerated, Infected = o.Infected, PainScore = o.PainScore })],
        })],
        Treatments = [.. document.Treatments.Select(t => new TreatmentForm
        {
            TreatmentId = t.TreatmentId,
            Class = CaseJson.ToWireName(t.Class),
            Agent = t.Agent,
            Route = CaseJson.ToWireName(t.Route),
            StartDay = t.StartDay,
            EndDay = t.EndDay,
            LesionIds = string.Join(", ", t.LesionIds),
            Assessments = [.. t.Assessments.Select(a => new AssessmentForm { Day = a.Day, Response = CaseJson.ToWireName(a.Response) })],
        })],
        Recurrences = [.. document.Recurrences.Select(r => new RecurrenceForm { LesionId = r.LesionId, Day = r.Day })],
        LastFollowUpDay = document.LastFollowUpDay,
    };

    /// <summary>The document as JSON: what the validator reads, what the API would receive.</summary>
    public string ToJson() => ToNode().ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    public JsonObject ToNode()
    {
        var root = new JsonObject();
        Put(root, "caseId", Blank(CaseId));
        Put(root, "sex", Sex);
        Put(root, "ageAtOnsetYears", AgeAtOnsetYears);
        Put(root, "diagnosisYear", DiagnosisYear);
        Put(root, "calcinosisType", CalcinosisType);
        root["underlyingConditions"] = new JsonArray([.. UnderlyingConditions.Select(c => (JsonNode?)JsonValue.Create(c))]);
        root["labs"] = new JsonArray([.. Labs.Select(l => (JsonNode?)Object(o =>
        {
            Put(o, "day", l.Day);
            Put(o, "serumCalciumMgDl", l.SerumCalciumMgDl);
            Put(o, "phosphateMgDl", l.PhosphateMgDl);
            Put(o, "pthPgMl", l.PthPgMl);
        }))]);
        root["diagnosticMethods"] = new JsonArray([.. DiagnosticMethods.Select(m => (JsonNode?)JsonValue.Create(m))]);
        root["lesions"] = new JsonArray([.. Lesions.Select(l => (JsonNode?)Object(o =>
        {
            Put(o, "lesionId", Blank(l.LesionId));
            Put(o, "bodySite", l.BodySite);
            Put(o, "laterality", l.Laterality);
            Put(o, "morphology", l.Morphology);
            Put(o, "firstSeenDay", l.FirstSeenDay);
            o["observations"] = new JsonArray([.. l.Observations.Select(x => (JsonNode?)Object(p =>
            {
                Put(p, "day", x.Day);
                Put(p, "sizeMm", x.SizeMm);
                Put(p, "ulcerated", x.Ulcerated);
                Put(p, "infected", x.Infected);
                Put(p, "painScore", x.PainScore);
            }))]);
        }))]);
        root["treatments"] = new JsonArray([.. Treatments.Select(t => (JsonNode?)Object(o =>
        {
            Put(o, "treatmentId", Blank(t.TreatmentId));
            Put(o, "class", t.Class);
            Put(o, "agent", Blank(t.Agent));
            Put(o, "route", t.Route);
            Put(o, "startDay", t.StartDay);
            Put(o, "endDay", t.EndDay);
            o["lesionIds"] = new JsonArray([.. t.LesionIdList().Select(id => (JsonNode?)JsonValue.Create(id))]);
            o["assessments"] = new JsonArray([.. t.Assessments.Select(a => (JsonNode?)Object(p =>
            {
                Put(p, "day", a.Day);
                Put(p, "response", a.Response);
            }))]);
        }))]);
        root["recurrences"] = new JsonArray([.. Recurrences.Select(r => (JsonNode?)Object(o =>
        {
            Put(o, "lesionId", Blank(r.LesionId));
            Put(o, "day", r.Day);
        }))]);
        Put(root, "lastFollowUpDay", LastFollowUpDay);
        return root;
    }

    private static JsonObject Object(Action<JsonObject> fill)
    {
        var o = new JsonObject();
        fill(o);
        return o;
    }

    private static void Put<T>(JsonObject o, string name, T? value)
    {
        if (value is not null)
        {
            o[name] = JsonValue.Create(value);
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
