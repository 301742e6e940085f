using System.Text;
using System.Text.Json.Nodes;
using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Domain.Tests.Validation;

/// <summary>The contract's example case (section 2), plus helpers to validate it whole or after a targeted edit.</summary>
internal static class SampleCase
{
    // Fixed rather than DateTime.Now, so the diagnosisYear boundary tests never drift.
    public const int CurrentYear = 2025;

    public const string Json = """
        {
          "caseId": "MAYO-0001",
          "sex": "female",
          "ageAtOnsetYears": 41,
          "diagnosisYear": 2019,
          "calcinosisType": "dystrophic",
          "underlyingConditions": ["systemic-sclerosis"],
          "labs": [ { "day": 0, "serumCalciumMgDl": 9.4, "phosphateMgDl": 3.6, "pthPgMl": null } ],
          "diagnosticMethods": ["clinical", "x-ray"],
          "lesions": [ {
              "lesionId": "L1", "bodySite": "finger", "laterality": "left",
              "morphology": "nodule", "firstSeenDay": 0,
              "observations": [ { "day": 0, "sizeMm": 12, "ulcerated": true, "infected": false, "painScore": 6 } ]
          } ],
          "treatments": [ {
              "treatmentId": "T1", "class": "calcium-channel-blocker", "agent": "diltiazem", "route": "oral",
              "startDay": 30, "endDay": 400, "lesionIds": ["L1"],
              "assessments": [ { "day": 210, "response": "partial" } ]
          } ],
          "recurrences": [ { "lesionId": "L1", "day": 500 } ],
          "lastFollowUpDay": 730
        }
        """;

    public static JsonObject Parse() => JsonNode.Parse(Json)!.AsObject();

    public static CaseValidationResult Validate(string json) =>
        CaseDocumentValidator.Validate(Encoding.UTF8.GetBytes(json), CurrentYear);

    public static CaseValidationResult Validate(JsonObject document) => Validate(document.ToJsonString());

    /// <summary>Validates the sample after <paramref name="edit"/> has changed its JSON tree.</summary>
    public static CaseValidationResult ValidateEdited(Action<JsonObject> edit)
    {
        var document = Parse();
        edit(document);
        return Validate(document);
    }

    public static string[] ErrorPaths(CaseValidationResult result) => result.Errors.Select(error => error.Path).ToArray();
}
