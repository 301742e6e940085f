using System.Text;
using System.Text.Json.Nodes;
using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Domain.Tests.Validation;

public sealed class CaseDocumentStructureTests
{
    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{ \"caseId\": \"A\", }")]
    [InlineData("{ 'caseId': 'A' }")]
    [InlineData("{ \"caseId\": \"A\" } trailing")]
    [InlineData("{ /* comment */ }")]
    [InlineData("{} {}")]
    public void Malformed_json_is_one_error_at_the_root(string body)
    {
        var result = CaseDocumentValidator.Validate(Encoding.UTF8.GetBytes(body), SampleCase.CurrentYear);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Path);
        Assert.Contains("not well-formed JSON", error.Message, StringComparison.Ordinal);
        Assert.Null(result.Document);
    }

    [Fact]
    public void Invalid_utf8_is_malformed_json()
    {
        byte[] body = [.. "{ \"caseId\": \""u8, 0xFF, 0xFE, .. "\" }"u8];

        var result = CaseDocumentValidator.Validate(body, SampleCase.CurrentYear);

        Assert.Equal(["$"], SampleCase.ErrorPaths(result));
    }

    [Fact]
    public void Invalid_utf8_in_an_already_parsed_tree_is_an_error_at_the_root()
    {
        byte[] body = [.. "{ \"caseId\": \""u8, 0xFF, 0xFE, .. "\" }"u8];
        using var parsed = System.Text.Json.JsonDocument.Parse(body);

        var result = CaseDocumentValidator.Validate(parsed.RootElement, SampleCase.CurrentYear);

        Assert.Equal(["$"], SampleCase.ErrorPaths(result));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"case\"")]
    [InlineData("42")]
    public void A_root_that_is_no_object_is_one_error_at_the_root(string body)
    {
        var result = SampleCase.Validate(body);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Path);
        Assert.Contains("must be an object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_object_reports_every_required_field()
    {
        var result = SampleCase.Validate("{}");

        Assert.Equal(
            ["$.caseId", "$.sex", "$.ageAtOnsetYears", "$.diagnosisYear", "$.calcinosisType", "$.lesions", "$.lastFollowUpDay"],
            SampleCase.ErrorPaths(result));
    }

    [Fact]
    public void Unknown_properties_at_root_and_nested_are_each_reported_and_list_the_allowed_names()
    {
        var result = SampleCase.ValidateEdited(document =>
        {
            document["mrn"] = "123456";
            document["lesions"]![0]!["photo"] = "lesion.jpg";
            document["treatments"]![0]!["prescriber"] = "Dr X";
        });

        Assert.Equal(["$.mrn", "$.lesions[0].photo", "$.treatments[0].prescriber"], SampleCase.ErrorPaths(result));
        Assert.Contains("lesionId, bodySite, laterality, morphology, firstSeenDay, observations", result.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_faults_at_once_are_all_reported_with_their_paths()
    {
        const string body = """
            {
              "caseId": "bad id!",
              "sex": "F",
              "ageAtOnsetYears": 130,
              "diagnosisYear": 2030,
              "calcinosisType": "metastatic",
              "underlyingConditions": ["lupus", "lupus", "gout"],
              "labs": [ { "day": 0, "serumCalciumMgDl": 30, "phosphateMgDl": 0.1, "pthPgMl": -5 } ],
              "diagnosticMethods": ["pet"],
              "lesions": [
                { "lesionId": "L1", "bodySite": "toe", "morphology": "nodule", "firstSeenDay": -3,
                  "observations": [ { "day": 1.5, "sizeMm": 900, "ulcerated": "no", "painScore": 12, "note": "x" } ] },
                { "lesionId": "L1", "bodySite": "hand", "morphology": "plaque", "firstSeenDay": 10 },
                "L3"
              ],
              "treatments": [
                { "treatmentId": "T1", "class": "laser", "route": "oral", "startDay": 100, "endDay": 50,
                  "lesionIds": ["L1", "L9"], "assessments": [ { "day": 20, "response": "cured" } ] },
                { "treatmentId": "T2", "class": "surgery", "route": "surgical", "startDay": 10, "lesionIds": [] }
              ],
              "recurrences": [ { "lesionId": "L7", "day": 5000 } ],
              "lastFollowUpDay": 1000,
              "surname": "Doe"
            }
            """;

        var result = SampleCase.Validate(body);

        string[] expected =
        [
            "$.surname",
            "$.caseId",
            "$.sex",
            "$.ageAtOnsetYears",
            "$.diagnosisYear",
            "$.underlyingConditions[1]",
            "$.underlyingConditions[2]",
            "$.labs[0].serumCalciumMgDl",
            "$.labs[0].phosphateMgDl",
            "$.labs[0].pthPgMl",
            "$.diagnosticMethods[0]",
            "$.lesions[0].bodySite",
            "$.lesions[0].firstSeenDay",
            "$.lesions[0].observations[0].note",
            "$.lesions[0].observations[0].day",
            "$.lesions[0].observations[0].sizeMm",
            "$.lesions[0].observations[0].ulcerated",
            "$.lesions[0].observations[0].painScore",
            "$.lesions[1].lesionId",
            "$.lesions[2]",
            "$.treatments[0].class",
            "$.treatments[0].endDay",
            "$.treatments[0].lesionIds[1]",
            "$.treatments[0].assessments[0].day",
            "$.treatments[0].assessments[0].response",
            "$.treatments[1].lesionIds",
            "$.recurrences[0].lesionId",
            "$.lastFollowUpDay",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), SampleCase.ErrorPaths(result).Order(StringComparer.Ordinal));
        Assert.Null(result.Document);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Lesions_written_after_treatments_are_still_known_to_their_references()
    {
        // Lesions are read before treatments whatever the property order, so references can be judged.
        var result = SampleCase.ValidateEdited(document =>
        {
            var lesions = document["lesions"]!;
            document.Remove("lesions");
            document["lesions"] = lesions;
            document["treatments"]![0]!["lesionIds"] = new JsonArray("L1");
        });

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }
}
