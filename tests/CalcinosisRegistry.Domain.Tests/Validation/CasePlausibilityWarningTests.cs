using System.Text.Json.Nodes;
using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Domain.Tests.Validation;

public sealed class CasePlausibilityWarningTests
{
    [Theory]
    // Metastatic: expects a raised calcium (> 10.5 mg/dL) or phosphate (> 4.5 mg/dL).
    [InlineData("metastatic", 9.4, 3.6, ValidationWarningCodes.MetastaticWithoutAbnormalMineral)]
    [InlineData("metastatic", 10.5, 4.5, ValidationWarningCodes.MetastaticWithoutAbnormalMineral)]
    [InlineData("metastatic", 8.0, 2.0, ValidationWarningCodes.MetastaticWithoutAbnormalMineral)]
    [InlineData("metastatic", 11.2, 3.6, null)]
    [InlineData("metastatic", 9.4, 6.1, null)]
    // Dystrophic and idiopathic: expect normal minerals.
    [InlineData("dystrophic", 9.4, 3.6, null)]
    [InlineData("dystrophic", 10.5, 4.5, null)]
    [InlineData("dystrophic", 10.6, 3.6, ValidationWarningCodes.DystrophicWithAbnormalMineral)]
    [InlineData("dystrophic", 9.4, 4.6, ValidationWarningCodes.DystrophicWithAbnormalMineral)]
    [InlineData("idiopathic", 9.4, 3.6, null)]
    [InlineData("idiopathic", 12.0, 3.6, ValidationWarningCodes.IdiopathicWithAbnormalMineral)]
    [InlineData("idiopathic", 9.4, 5.5, ValidationWarningCodes.IdiopathicWithAbnormalMineral)]
    public void The_type_is_checked_against_the_serum_minerals(
        string calcinosisType, double calciumMgDl, double phosphateMgDl, string? expectedCode)
    {
        var result = SampleCase.ValidateEdited(document =>
        {
            document["calcinosisType"] = calcinosisType;
            document["labs"]![0]!["serumCalciumMgDl"] = calciumMgDl;
            document["labs"]![0]!["phosphateMgDl"] = phosphateMgDl;
        });

        AssertAcceptedWithWarning(result, expectedCode);
    }

    [Fact]
    public void A_raised_value_in_any_lab_counts()
    {
        var result = SampleCase.ValidateEdited(document =>
        {
            document["calcinosisType"] = "metastatic";
            document["labs"]!.AsArray().Add(JsonNode.Parse("""{ "day": 60, "serumCalciumMgDl": null, "phosphateMgDl": 7.2 }"""));
        });

        AssertAcceptedWithWarning(result, expectedCode: null);
    }

    [Fact]
    public void A_metastatic_case_without_labs_is_warned_about()
    {
        var result = SampleCase.ValidateEdited(document =>
        {
            document["calcinosisType"] = "metastatic";
            document.Remove("labs");
        });

        AssertAcceptedWithWarning(result, ValidationWarningCodes.MetastaticWithoutAbnormalMineral);
        Assert.Contains("no lab results", result.Warnings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_mineral_warning_names_the_raised_value()
    {
        var result = SampleCase.ValidateEdited(document => document["labs"]![0]!["phosphateMgDl"] = 6.5);

        var warning = Assert.Single(result.Warnings);
        Assert.Contains("6.5", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("systemic-sclerosis", ValidationWarningCodes.IatrogenicWithoutCause)]
    [InlineData("trauma", ValidationWarningCodes.IatrogenicWithoutCause)]
    [InlineData("iv-calcium", null)]
    [InlineData("calcium-containing-electrode", null)]
    public void An_iatrogenic_case_needs_an_iatrogenic_cause(string condition, string? expectedCode)
    {
        var result = SampleCase.ValidateEdited(document =>
        {
            document["calcinosisType"] = "iatrogenic";
            document["underlyingConditions"] = new JsonArray("chronic-kidney-disease", condition);
        });

        AssertAcceptedWithWarning(result, expectedCode);
    }

    [Fact]
    public void An_iatrogenic_case_without_any_condition_is_warned_about()
    {
        var result = SampleCase.ValidateEdited(document =>
        {
            document["calcinosisType"] = "iatrogenic";
            document.Remove("underlyingConditions");
        });

        AssertAcceptedWithWarning(result, ValidationWarningCodes.IatrogenicWithoutCause);
    }

    [Fact]
    public void Warning_codes_are_kebab_case()
    {
        string[] codes =
        [
            ValidationWarningCodes.MetastaticWithoutAbnormalMineral, ValidationWarningCodes.DystrophicWithAbnormalMineral,
            ValidationWarningCodes.IdiopathicWithAbnormalMineral, ValidationWarningCodes.IatrogenicWithoutCause,
        ];

        Assert.All(codes, code => Assert.Matches("^[a-z]+(-[a-z]+)*$", code));
        Assert.Equal(codes.Length, codes.Distinct(StringComparer.Ordinal).Count());
    }

    // A warning never refuses: the case is valid and stored either way.
    private static void AssertAcceptedWithWarning(CaseValidationResult result, string? expectedCode)
    {
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.NotNull(result.Document);
        if (expectedCode is null)
        {
            Assert.Empty(result.Warnings);
        }
        else
        {
            var warning = Assert.Single(result.Warnings);
            Assert.Equal(expectedCode, warning.Code);
            Assert.False(string.IsNullOrWhiteSpace(warning.Message));
        }
    }
}
