using System.Text;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Bulk.Tests.Formats;

/// <summary>The contract's example case (section 2), with a second lesion and course so every file has rows.</summary>
public static class ContractExample
{
    public const string Json = """
        {
          "caseId": "MAYO-0001", "sex": "female", "ageAtOnsetYears": 41, "diagnosisYear": 2019,
          "calcinosisType": "dystrophic", "underlyingConditions": ["systemic-sclerosis", "overlap-syndrome"],
          "labs": [ { "day": 0, "serumCalciumMgDl": 9.4, "phosphateMgDl": 3.6, "pthPgMl": null } ],
          "diagnosticMethods": ["clinical", "x-ray"],
          "lesions": [
            { "lesionId": "L1", "bodySite": "finger", "laterality": "left", "morphology": "nodule", "firstSeenDay": 0,
              "observations": [ { "day": 0, "sizeMm": 12.5, "ulcerated": true, "infected": false, "painScore": 6 },
                                { "day": 210, "sizeMm": 8, "ulcerated": null, "infected": null, "painScore": null } ] },
            { "lesionId": "L2", "bodySite": "upper-arm", "morphology": "plaque", "firstSeenDay": 14 }
          ],
          "treatments": [
            { "treatmentId": "T1", "class": "calcium-channel-blocker", "agent": "diltiazem, 'slow' release", "route": "oral",
              "startDay": 30, "endDay": 400, "lesionIds": ["L1", "L2"],
              "assessments": [ { "day": 210, "response": "partial" }, { "day": 300, "response": "complete" } ] },
            { "treatmentId": "T2", "class": "surgery", "route": "surgical", "startDay": 450, "lesionIds": ["L2"] }
          ],
          "recurrences": [ { "lesionId": "L1", "day": 500 } ],
          "lastFollowUpDay": 730
        }
        """;

    public static CaseDocument Document
    {
        get
        {
            var result = CaseDocumentValidator.Validate(Encoding.UTF8.GetBytes(Json), 2026);
            Assert.True(result.IsValid, string.Join("; ", result.Errors));
            return result.Document!;
        }
    }
}
