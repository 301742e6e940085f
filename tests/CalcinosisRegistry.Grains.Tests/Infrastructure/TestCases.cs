using System.Text.Json;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Grains.Tests.Infrastructure;

/// <summary>Hand-made case documents, and the validation every front end runs before a document reaches a grain.</summary>
internal static class TestCases
{
    /// <summary>
    /// The contract's example: a dystrophic case with one finger nodule, a calcium-channel-blocker course with a
    /// partial response at day 210 and a recurrence at day 500 (a responder with a recurrence after 290 days).
    /// </summary>
    public static CaseDocument Dystrophic(string caseId) => new(
        caseId,
        Sex.Female,
        AgeAtOnsetYears: 41,
        DiagnosisYear: 2019,
        CalcinosisType.Dystrophic,
        [UnderlyingCondition.SystemicSclerosis],
        [new LabResult(0, 9.4, 3.6, null)],
        [DiagnosticMethod.Clinical, DiagnosticMethod.XRay],
        [new Lesion("L1", BodySite.Finger, Laterality.Left, Morphology.Nodule, 0, [new LesionObservation(0, 12, true, false, 6)])],
        [new TreatmentCourse("T1", TreatmentClass.CalciumChannelBlocker, "diltiazem", TreatmentRoute.Oral, 30, 400, ["L1"], [new Assessment(210, Response.Partial)])],
        [new Recurrence("L1", 500)],
        LastFollowUpDay: 730);

    /// <summary>A metastatic case with normal minerals: valid, but stored with a plausibility warning. Two lesions, a surgery with a complete response.</summary>
    public static CaseDocument MetastaticWithNormalMinerals(string caseId) => Dystrophic(caseId) with
    {
        CalcinosisType = CalcinosisType.Metastatic,
        UnderlyingConditions = [UnderlyingCondition.ChronicKidneyDisease],
        Lesions =
        [
            new Lesion("L1", BodySite.Shoulder, Laterality.Right, Morphology.Plaque, 0, [new LesionObservation(0, 25, false, false, 3)]),
            new Lesion("L2", BodySite.Hip, Laterality.Left, Morphology.Nodule, 10, [new LesionObservation(10, 8, false, false, 1)]),
        ],
        Treatments = [new TreatmentCourse("T1", TreatmentClass.Surgery, "excision", TreatmentRoute.Surgical, 40, 40, ["L1", "L2"], [new Assessment(100, Response.Complete)])],
        Recurrences = [],
    };

    /// <summary>Validates as the HTTP front end does and returns the normalised document and its warnings; fails the test on an invalid one.</summary>
    public static CaseValidationResult Validate(CaseDocument document)
    {
        var result = CaseDocumentValidator.Validate(JsonSerializer.SerializeToUtf8Bytes(document, CaseJson.Options), DateTime.UtcNow.Year);
        Assert.True(result.IsValid, $"test document {document.CaseId} is invalid: {string.Join("; ", result.Errors)}");
        return result;
    }
}
