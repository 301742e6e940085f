using System.Text;
using System.Text.Json.Nodes;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Domain.Tests.Validation;

public sealed class CaseDocumentAcceptanceTests
{
    [Fact]
    public void The_contract_example_is_accepted_and_mapped_field_by_field()
    {
        var result = SampleCase.Validate(SampleCase.Json);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        var document = Assert.IsType<CaseDocument>(result.Document);

        Assert.Equal("MAYO-0001", document.CaseId);
        Assert.Equal(Sex.Female, document.Sex);
        Assert.Equal(41, document.AgeAtOnsetYears);
        Assert.Equal(2019, document.DiagnosisYear);
        Assert.Equal(CalcinosisType.Dystrophic, document.CalcinosisType);
        Assert.Equal([UnderlyingCondition.SystemicSclerosis], document.UnderlyingConditions);
        Assert.Equal([new LabResult(0, 9.4, 3.6, null)], document.Labs);
        Assert.Equal([DiagnosticMethod.Clinical, DiagnosticMethod.XRay], document.DiagnosticMethods);

        var lesion = Assert.Single(document.Lesions);
        Assert.Equal("L1", lesion.LesionId);
        Assert.Equal(BodySite.Finger, lesion.BodySite);
        Assert.Equal(Laterality.Left, lesion.Laterality);
        Assert.Equal(Morphology.Nodule, lesion.Morphology);
        Assert.Equal(0, lesion.FirstSeenDay);
        Assert.Equal([new LesionObservation(0, 12, true, false, 6)], lesion.Observations);

        var treatment = Assert.Single(document.Treatments);
        Assert.Equal("T1", treatment.TreatmentId);
        Assert.Equal(TreatmentClass.CalciumChannelBlocker, treatment.Class);
        Assert.Equal("diltiazem", treatment.Agent);
        Assert.Equal(TreatmentRoute.Oral, treatment.Route);
        Assert.Equal(30, treatment.StartDay);
        Assert.Equal(400, treatment.EndDay);
        Assert.Equal(["L1"], treatment.LesionIds);
        Assert.Equal([new Assessment(210, Response.Partial)], treatment.Assessments);

        Assert.Equal([new Recurrence("L1", 500)], document.Recurrences);
        Assert.Equal(730, document.LastFollowUpDay);
    }

    [Fact]
    public void A_minimal_case_gets_empty_lists_and_unknown_laterality()
    {
        const string minimal = """
            {
              "caseId": "c.1_x-Y", "sex": "unknown", "ageAtOnsetYears": 0, "diagnosisYear": 1950,
              "calcinosisType": "dystrophic",
              "lesions": [ { "lesionId": "L1", "bodySite": "other", "morphology": "papule", "firstSeenDay": 0 } ],
              "lastFollowUpDay": 0
            }
            """;

        var result = SampleCase.Validate(minimal);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var document = result.Document!;
        Assert.Empty(document.UnderlyingConditions);
        Assert.Empty(document.Labs);
        Assert.Empty(document.DiagnosticMethods);
        Assert.Empty(document.Treatments);
        Assert.Empty(document.Recurrences);
        var lesion = Assert.Single(document.Lesions);
        Assert.Equal(Laterality.Unknown, lesion.Laterality);
        Assert.Empty(lesion.Observations);
    }

    [Fact]
    public void Explicit_nulls_for_optional_fields_count_as_absent()
    {
        var result = SampleCase.ValidateEdited(document =>
        {
            document["underlyingConditions"] = null;
            document["labs"] = null;
            document["diagnosticMethods"] = null;
            document["recurrences"] = null;
            var lesion = document["lesions"]![0]!.AsObject();
            lesion["laterality"] = null;
            lesion["observations"] = JsonNode.Parse("""[ { "day": 3, "sizeMm": null, "ulcerated": null, "infected": null, "painScore": null } ]""");
            var treatment = document["treatments"]![0]!.AsObject();
            treatment["agent"] = null;
            treatment["endDay"] = null;
            treatment["assessments"] = null;
        });

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var document = result.Document!;
        Assert.Empty(document.UnderlyingConditions);
        Assert.Empty(document.Labs);
        Assert.Empty(document.DiagnosticMethods);
        Assert.Empty(document.Recurrences);
        Assert.Equal(Laterality.Unknown, document.Lesions[0].Laterality);
        Assert.Equal([new LesionObservation(3, null, null, null, null)], document.Lesions[0].Observations);
        var treatment = document.Treatments[0];
        Assert.Null(treatment.Agent);
        Assert.Null(treatment.EndDay);
        Assert.Empty(treatment.Assessments);
    }

    [Theory]
    [InlineData(95, 90)]
    [InlineData(90, 90)]
    [InlineData(120, 90)]
    [InlineData(89, 89)]
    [InlineData(0, 0)]
    public void Ages_above_89_are_stored_as_90(int givenAge, int storedAge)
    {
        var result = SampleCase.ValidateEdited(document => document["ageAtOnsetYears"] = givenAge);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(storedAge, result.Document!.AgeAtOnsetYears);
    }

    [Fact]
    public void Whole_numbers_written_with_a_zero_fraction_are_accepted()
    {
        var result = SampleCase.ValidateEdited(document => document["lastFollowUpDay"] = JsonNode.Parse("730.0"));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(730, result.Document!.LastFollowUpDay);
    }

    [Fact]
    public void The_current_year_is_an_allowed_diagnosis_year()
    {
        var result = SampleCase.ValidateEdited(document => document["diagnosisYear"] = SampleCase.CurrentYear);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Days_may_equal_each_other_at_every_boundary()
    {
        // endDay == startDay, assessment on startDay, lastFollowUpDay on the latest day: all allowed.
        var result = SampleCase.ValidateEdited(document =>
        {
            var treatment = document["treatments"]![0]!.AsObject();
            treatment["endDay"] = 30;
            treatment["assessments"]![0]!["day"] = 30;
            document["lastFollowUpDay"] = 500;
        });

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void A_byte_order_mark_before_the_json_is_tolerated()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(SampleCase.Json)).ToArray();

        var result = CaseDocumentValidator.Validate(body, SampleCase.CurrentYear);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Validating_a_json_element_gives_the_same_result_as_validating_bytes()
    {
        using var parsed = System.Text.Json.JsonDocument.Parse(SampleCase.Json);

        var result = CaseDocumentValidator.Validate(parsed.RootElement, SampleCase.CurrentYear);

        Assert.True(result.IsValid);
        Assert.Equal(CaseJson.Serialize(SampleCase.Validate(SampleCase.Json).Document!), CaseJson.Serialize(result.Document!));
    }

    [Fact]
    public void A_serialised_valid_document_validates_again_to_an_equal_document()
    {
        // Ongoing treatment, null-valued optional fields and an old age exercise the nulls the registry writes itself.
        var first = SampleCase.ValidateEdited(document =>
        {
            document["ageAtOnsetYears"] = 97;
            document["treatments"]![0]!["endDay"] = null;
            document["treatments"]![0]!["agent"] = null;
            document["lesions"]![0]!["observations"]!.AsArray().Add(JsonNode.Parse("""{ "day": 40 }"""));
        });
        Assert.True(first.IsValid, string.Join("; ", first.Errors));
        var serialised = CaseJson.Serialize(first.Document!);

        var second = SampleCase.Validate(serialised);

        Assert.True(second.IsValid, string.Join("; ", second.Errors));
        // Records compare their lists by reference, so equality is judged on the canonical serialisation and per list.
        Assert.Equal(serialised, CaseJson.Serialize(second.Document!));
        Assert.Equal(first.Document!.Lesions[0].Observations, second.Document!.Lesions[0].Observations);
        Assert.Equal(first.Document.Labs, second.Document.Labs);
        Assert.Equal(first.Document.Recurrences, second.Document.Recurrences);
        Assert.Equal(90, second.Document.AgeAtOnsetYears);
    }
}
