using System.Text.Json.Nodes;
using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Domain.Tests.Validation;

/// <summary>One fault per test, each asserting the exact path(s) reported. Edits apply to <see cref="SampleCase"/>.</summary>
public sealed class CaseDocumentRuleTests
{
    private const string Remove = "<remove>";

    [Theory]
    // Required fields.
    [InlineData("$.caseId", Remove, new[] { "$.caseId" })]
    [InlineData("$.caseId", "null", new[] { "$.caseId" })]
    [InlineData("$.sex", Remove, new[] { "$.sex" })]
    [InlineData("$.ageAtOnsetYears", Remove, new[] { "$.ageAtOnsetYears" })]
    [InlineData("$.diagnosisYear", Remove, new[] { "$.diagnosisYear" })]
    [InlineData("$.calcinosisType", Remove, new[] { "$.calcinosisType" })]
    [InlineData("$.lesions", Remove, new[] { "$.lesions" })]
    [InlineData("$.lesions", "null", new[] { "$.lesions" })]
    [InlineData("$.lastFollowUpDay", Remove, new[] { "$.lastFollowUpDay" })]
    [InlineData("$.labs[0].day", Remove, new[] { "$.labs[0].day" })]
    [InlineData("$.lesions[0].bodySite", Remove, new[] { "$.lesions[0].bodySite" })]
    [InlineData("$.lesions[0].morphology", Remove, new[] { "$.lesions[0].morphology" })]
    [InlineData("$.lesions[0].firstSeenDay", Remove, new[] { "$.lesions[0].firstSeenDay" })]
    [InlineData("$.lesions[0].observations[0].day", Remove, new[] { "$.lesions[0].observations[0].day" })]
    [InlineData("$.treatments[0].treatmentId", Remove, new[] { "$.treatments[0].treatmentId" })]
    [InlineData("$.treatments[0].class", Remove, new[] { "$.treatments[0].class" })]
    [InlineData("$.treatments[0].route", Remove, new[] { "$.treatments[0].route" })]
    [InlineData("$.treatments[0].startDay", Remove, new[] { "$.treatments[0].startDay" })]
    [InlineData("$.treatments[0].lesionIds", Remove, new[] { "$.treatments[0].lesionIds" })]
    [InlineData("$.treatments[0].assessments[0].day", Remove, new[] { "$.treatments[0].assessments[0].day" })]
    [InlineData("$.treatments[0].assessments[0].response", Remove, new[] { "$.treatments[0].assessments[0].response" })]
    [InlineData("$.recurrences[0].lesionId", Remove, new[] { "$.recurrences[0].lesionId" })]
    [InlineData("$.recurrences[0].day", Remove, new[] { "$.recurrences[0].day" })]
    // A lesion without its id: the references to "L1" now dangle too, and are reported where they are.
    [InlineData("$.lesions[0].lesionId", Remove, new[] { "$.lesions[0].lesionId", "$.treatments[0].lesionIds[0]", "$.recurrences[0].lesionId" })]
    // Vocabularies.
    [InlineData("$.sex", "\"Female\"", new[] { "$.sex" })]
    [InlineData("$.calcinosisType", "\"calcific\"", new[] { "$.calcinosisType" })]
    [InlineData("$.underlyingConditions[0]", "\"scleroderma\"", new[] { "$.underlyingConditions[0]" })]
    [InlineData("$.diagnosticMethods[1]", "\"xray\"", new[] { "$.diagnosticMethods[1]" })]
    [InlineData("$.lesions[0].bodySite", "\"fingers\"", new[] { "$.lesions[0].bodySite" })]
    [InlineData("$.lesions[0].laterality", "\"up\"", new[] { "$.lesions[0].laterality" })]
    [InlineData("$.lesions[0].morphology", "\"lump\"", new[] { "$.lesions[0].morphology" })]
    [InlineData("$.treatments[0].class", "\"ccb\"", new[] { "$.treatments[0].class" })]
    [InlineData("$.treatments[0].route", "\"iv\"", new[] { "$.treatments[0].route" })]
    [InlineData("$.treatments[0].assessments[0].response", "\"good\"", new[] { "$.treatments[0].assessments[0].response" })]
    [InlineData("$.sex", "1", new[] { "$.sex" })]
    // Duplicates in vocabulary lists.
    [InlineData("$.underlyingConditions[1]", "\"systemic-sclerosis\"", new[] { "$.underlyingConditions[1]" })]
    [InlineData("$.diagnosticMethods[2]", "\"clinical\"", new[] { "$.diagnosticMethods[2]" })]
    // Numeric ranges and whole numbers.
    [InlineData("$.ageAtOnsetYears", "-1", new[] { "$.ageAtOnsetYears" })]
    [InlineData("$.ageAtOnsetYears", "121", new[] { "$.ageAtOnsetYears" })]
    [InlineData("$.ageAtOnsetYears", "41.5", new[] { "$.ageAtOnsetYears" })]
    [InlineData("$.diagnosisYear", "1949", new[] { "$.diagnosisYear" })]
    [InlineData("$.diagnosisYear", "2026", new[] { "$.diagnosisYear" })]
    [InlineData("$.labs[0].day", "-1", new[] { "$.labs[0].day" })]
    [InlineData("$.lesions[0].firstSeenDay", "2.5", new[] { "$.lesions[0].firstSeenDay" })]
    [InlineData("$.lesions[0].observations[0].day", "36501", new[] { "$.lesions[0].observations[0].day" })]
    [InlineData("$.lastFollowUpDay", "36501", new[] { "$.lastFollowUpDay" })]
    [InlineData("$.lastFollowUpDay", "1e10", new[] { "$.lastFollowUpDay" })]
    [InlineData("$.treatments[0].startDay", "30.5", new[] { "$.treatments[0].startDay" })]
    [InlineData("$.lesions[0].observations[0].sizeMm", "-0.1", new[] { "$.lesions[0].observations[0].sizeMm" })]
    [InlineData("$.lesions[0].observations[0].sizeMm", "500.5", new[] { "$.lesions[0].observations[0].sizeMm" })]
    [InlineData("$.lesions[0].observations[0].painScore", "11", new[] { "$.lesions[0].observations[0].painScore" })]
    [InlineData("$.lesions[0].observations[0].painScore", "-1", new[] { "$.lesions[0].observations[0].painScore" })]
    [InlineData("$.lesions[0].observations[0].painScore", "5.5", new[] { "$.lesions[0].observations[0].painScore" })]
    [InlineData("$.labs[0].serumCalciumMgDl", "0.9", new[] { "$.labs[0].serumCalciumMgDl" })]
    [InlineData("$.labs[0].serumCalciumMgDl", "25.1", new[] { "$.labs[0].serumCalciumMgDl" })]
    [InlineData("$.labs[0].phosphateMgDl", "0.4", new[] { "$.labs[0].phosphateMgDl" })]
    [InlineData("$.labs[0].phosphateMgDl", "20.1", new[] { "$.labs[0].phosphateMgDl" })]
    [InlineData("$.labs[0].pthPgMl", "-1", new[] { "$.labs[0].pthPgMl" })]
    // JSON types.
    [InlineData("$.caseId", "123", new[] { "$.caseId" })]
    [InlineData("$.lesions[0].observations[0].sizeMm", "\"12\"", new[] { "$.lesions[0].observations[0].sizeMm" })]
    [InlineData("$.lesions[0].observations[0].ulcerated", "\"yes\"", new[] { "$.lesions[0].observations[0].ulcerated" })]
    [InlineData("$.lesions[0].observations[0].infected", "0", new[] { "$.lesions[0].observations[0].infected" })]
    [InlineData("$.lesions[0].observations", "{}", new[] { "$.lesions[0].observations" })]
    [InlineData("$.lesions[0].observations[0]", "12", new[] { "$.lesions[0].observations[0]" })]
    [InlineData("$.labs", "\"none\"", new[] { "$.labs" })]
    [InlineData("$.underlyingConditions", "\"lupus\"", new[] { "$.underlyingConditions" })]
    [InlineData("$.treatments[0].lesionIds", "\"L1\"", new[] { "$.treatments[0].lesionIds" })]
    [InlineData("$.treatments[0].lesionIds[0]", "1", new[] { "$.treatments[0].lesionIds[0]" })]
    [InlineData("$.treatments[0].agent", "5", new[] { "$.treatments[0].agent" })]
    [InlineData("$.lastFollowUpDay", "\"730\"", new[] { "$.lastFollowUpDay" })]
    // Identifier patterns.
    [InlineData("$.caseId", "\"MAYO 0001\"", new[] { "$.caseId" })]
    [InlineData("$.caseId", "\"\"", new[] { "$.caseId" })]
    [InlineData("$.caseId", "\"MAYO-0001\\n\"", new[] { "$.caseId" })]
    [InlineData("$.caseId", "\"Jérôme\"", new[] { "$.caseId" })]
    [InlineData("$.treatments[0].treatmentId", "\"T/1\"", new[] { "$.treatments[0].treatmentId" })]
    // Lesions and targets.
    // No lesions at all: the references to "L1" dangle, and are reported where they are.
    [InlineData("$.lesions", "[]", new[] { "$.lesions", "$.treatments[0].lesionIds[0]", "$.recurrences[0].lesionId" })]
    [InlineData("$.treatments[0].lesionIds", "[]", new[] { "$.treatments[0].lesionIds" })]
    [InlineData("$.treatments[0].lesionIds[0]", "\"L2\"", new[] { "$.treatments[0].lesionIds[0]" })]
    [InlineData("$.treatments[0].lesionIds[1]", "\"L1\"", new[] { "$.treatments[0].lesionIds[1]" })]
    [InlineData("$.recurrences[0].lesionId", "\"L2\"", new[] { "$.recurrences[0].lesionId" })]
    [InlineData("$.recurrences[0].lesionId", "\"l1\"", new[] { "$.recurrences[0].lesionId" })]
    // Unique ids.
    [InlineData("$.lesions[1]", """{ "lesionId": "L1", "bodySite": "hand", "morphology": "plaque", "firstSeenDay": 5 }""", new[] { "$.lesions[1].lesionId" })]
    [InlineData("$.treatments[1]", """{ "treatmentId": "T1", "class": "surgery", "route": "surgical", "startDay": 40, "lesionIds": ["L1"] }""", new[] { "$.treatments[1].treatmentId" })]
    // Day order.
    [InlineData("$.treatments[0].endDay", "20", new[] { "$.treatments[0].endDay" })]
    [InlineData("$.treatments[0].assessments[0].day", "29", new[] { "$.treatments[0].assessments[0].day" })]
    [InlineData("$.lastFollowUpDay", "499", new[] { "$.lastFollowUpDay" })]
    [InlineData("$.labs[0].day", "731", new[] { "$.lastFollowUpDay" })]
    [InlineData("$.lesions[0].firstSeenDay", "731", new[] { "$.lastFollowUpDay" })]
    [InlineData("$.lesions[0].observations[0].day", "731", new[] { "$.lastFollowUpDay" })]
    [InlineData("$.treatments[0].endDay", "731", new[] { "$.lastFollowUpDay" })]
    [InlineData("$.treatments[0].assessments[0].day", "731", new[] { "$.lastFollowUpDay" })]
    // Unknown properties anywhere.
    [InlineData("$.patientName", "\"Jane Doe\"", new[] { "$.patientName" })]
    [InlineData("$.lesions[0].observations[0].notes", "\"seen by Dr X\"", new[] { "$.lesions[0].observations[0].notes" })]
    [InlineData("$.treatments[0].assessments[0].assessor", "\"JD\"", new[] { "$.treatments[0].assessments[0].assessor" })]
    [InlineData("$.labs[0].calcium", "9.1", new[] { "$.labs[0].calcium" })]
    [InlineData("$.recurrences[0].date", "\"2021-03-04\"", new[] { "$.recurrences[0].date" })]
    [InlineData("$.CaseId", "\"MAYO-0001\"", new[] { "$.CaseId" })]
    [InlineData("$.date of birth", "\"1980-01-01\"", new[] { "$['date of birth']" })]
    public void A_single_fault_is_reported_at_its_path(string editPath, string replacementJson, string[] expectedPaths)
    {
        var result = SampleCase.ValidateEdited(document =>
        {
            if (replacementJson == Remove)
            {
                JsonNodeEditor.Remove(document, editPath);
            }
            else
            {
                JsonNodeEditor.Set(document, editPath, JsonNode.Parse(replacementJson));
            }
        });

        Assert.False(result.IsValid);
        Assert.Null(result.Document);
        Assert.Empty(result.Warnings);
        Assert.Equal(expectedPaths, SampleCase.ErrorPaths(result));
        Assert.All(result.Errors, error => Assert.False(string.IsNullOrWhiteSpace(error.Message)));
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void Identifiers_are_at_most_64_characters(int length, bool accepted)
    {
        var identifier = new string('A', length);

        var result = SampleCase.ValidateEdited(document =>
        {
            document["caseId"] = identifier;
            document["treatments"]![0]!["treatmentId"] = identifier;
        });

        Assert.Equal(accepted ? [] : ["$.caseId", "$.treatments[0].treatmentId"], SampleCase.ErrorPaths(result));
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void An_agent_is_at_most_100_characters(int length, bool accepted)
    {
        var result = SampleCase.ValidateEdited(document => document["treatments"]![0]!["agent"] = new string('d', length));

        Assert.Equal(accepted ? [] : ["$.treatments[0].agent"], SampleCase.ErrorPaths(result));
    }

    [Fact]
    public void A_malformed_lesion_id_is_reported_once_and_not_again_at_its_references()
    {
        var result = SampleCase.ValidateEdited(document =>
        {
            document["lesions"]![0]!["lesionId"] = "L 1";
            document["treatments"]![0]!["lesionIds"] = new JsonArray("L 1");
            document["recurrences"]![0]!["lesionId"] = "L 1";
        });

        Assert.Equal(["$.lesions[0].lesionId"], SampleCase.ErrorPaths(result));
    }

    [Fact]
    public void A_vocabulary_error_lists_the_allowed_values()
    {
        var result = SampleCase.ValidateEdited(document => document["lesions"]![0]!["laterality"] = "up");

        var error = Assert.Single(result.Errors);
        Assert.Contains("left, right, midline, bilateral, unknown", error.Message, StringComparison.Ordinal);
        Assert.Contains("'up'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_id_points_at_its_first_use()
    {
        var result = SampleCase.ValidateEdited(document => document["lesions"]!.AsArray().Add(
            JsonNode.Parse("""{ "lesionId": "L1", "bodySite": "hand", "morphology": "plaque", "firstSeenDay": 5 }""")));

        var error = Assert.Single(result.Errors);
        Assert.Contains("$.lesions[0].lesionId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_follow_up_before_a_recurrence_names_the_recurrence_day()
    {
        var result = SampleCase.ValidateEdited(document => document["lastFollowUpDay"] = 450);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.lastFollowUpDay", error.Path);
        Assert.Contains("500 at $.recurrences[0].day", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_follow_up_before_several_days_is_one_error_naming_them_all()
    {
        var result = SampleCase.ValidateEdited(document => document["lastFollowUpDay"] = 300);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.lastFollowUpDay", error.Path);
        Assert.Contains("400 at $.treatments[0].endDay", error.Message, StringComparison.Ordinal);
        Assert.Contains("500 at $.recurrences[0].day", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_200_lesions_are_refused_at_the_lesions_array()
    {
        var result = SampleCase.ValidateEdited(document =>
        {
            var lesions = document["lesions"]!.AsArray();
            for (var number = 2; number <= 201; number++)
            {
                lesions.Add(JsonNode.Parse($$"""{ "lesionId": "L{{number}}", "bodySite": "hand", "morphology": "papule", "firstSeenDay": 1 }"""));
            }
        });

        Assert.Equal(["$.lesions"], SampleCase.ErrorPaths(result));
    }

    [Fact]
    public void Exactly_200_lesions_and_200_treatments_are_accepted()
    {
        var result = SampleCase.ValidateEdited(document =>
        {
            AddLesions(document, 199);
            AddTreatments(document, 199);
        });

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(200, result.Document!.Lesions.Count);
        Assert.Equal(200, result.Document.Treatments.Count);
    }

    [Fact]
    public void More_than_200_treatments_are_refused_at_the_treatments_array()
    {
        var result = SampleCase.ValidateEdited(document => AddTreatments(document, 200));

        Assert.Equal(["$.treatments"], SampleCase.ErrorPaths(result));
    }

    [Fact]
    public void A_repeated_property_is_refused_at_its_path()
    {
        var json = SampleCase.Json.Replace("\"sex\": \"female\",", "\"sex\": \"female\", \"sex\": \"male\",", StringComparison.Ordinal);

        var result = SampleCase.Validate(json);

        Assert.Equal(["$.sex"], SampleCase.ErrorPaths(result));
    }

    private static void AddLesions(JsonObject document, int count)
    {
        var lesions = document["lesions"]!.AsArray();
        for (var number = 2; number < 2 + count; number++)
        {
            lesions.Add(JsonNode.Parse($$"""{ "lesionId": "L{{number}}", "bodySite": "hand", "morphology": "papule", "firstSeenDay": 1 }"""));
        }
    }

    private static void AddTreatments(JsonObject document, int count)
    {
        var treatments = document["treatments"]!.AsArray();
        for (var number = 2; number < 2 + count; number++)
        {
            treatments.Add(JsonNode.Parse($$"""{ "treatmentId": "T{{number}}", "class": "other", "route": "other", "startDay": 1, "lesionIds": ["L1"] }"""));
        }
    }
}
