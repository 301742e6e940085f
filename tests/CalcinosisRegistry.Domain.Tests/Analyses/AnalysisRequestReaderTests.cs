using System.Text;
using CalcinosisRegistry.Domain.Analyses;
using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Domain.Tests.Analyses;

public sealed class AnalysisRequestReaderTests
{
    [Fact]
    public void TheSpecsExampleReadsAsWritten()
    {
        var (request, errors) = Read("""
            { "filter": { "calcinosisTypes": ["dystrophic"], "underlyingConditions": ["dermatomyositis", "juvenile-dermatomyositis"],
                          "sex": ["female"], "ageAtOnset": { "min": 18, "max": 64 }, "diagnosisYear": { "min": 2005, "max": 2024 },
                          "sites": ["north-general"], "treatmentClasses": ["surgery", "calcium-channel-blocker"] },
              "compare": "treatment-class" }
            """);

        Assert.Empty(errors);
        Assert.Equal(AnalysisComparison.TreatmentClass, request!.Compare);
        Assert.Equal([CalcinosisType.Dystrophic], request.Filter.CalcinosisTypes);
        Assert.Equal([UnderlyingCondition.Dermatomyositis, UnderlyingCondition.JuvenileDermatomyositis], request.Filter.UnderlyingConditions);
        Assert.Equal(new IntRange(18, 64), request.Filter.AgeAtOnset);
        Assert.Equal(["north-general"], request.Filter.Sites);
        Assert.Equal([TreatmentClass.Surgery, TreatmentClass.CalciumChannelBlocker], request.Filter.TreatmentClasses);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"filter": null, "compare": null}""")]
    public void AnEmptyRequestAnalysesEverything(string body)
    {
        var (request, errors) = Read(body);

        Assert.Empty(errors);
        Assert.Equal(AnalysisComparison.None, request!.Compare);
        Assert.Null(request.Filter.CalcinosisTypes);
    }

    [Fact]
    public void EveryFaultIsNamedAtOnce()
    {
        var (request, errors) = Read("""
            { "filter": { "calcinosisTypes": ["dystrophic", "chalky"], "sex": [], "ageAtOnset": { "min": 65, "max": 18, "avg": 3 },
                          "diagnosisYear": { "min": 2005.5 }, "sites": ["North General"], "colour": "red" },
              "compare": "treatment", "extra": true }
            """);

        Assert.Null(request);
        Assert.Equal(
            ["$.compare", "$.extra", "$.filter.ageAtOnset", "$.filter.ageAtOnset.avg", "$.filter.calcinosisTypes[1]", "$.filter.colour",
             "$.filter.diagnosisYear.min", "$.filter.sex", "$.filter.sites[0]"],
            errors.Select(error => error.Path).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("[]", "$")]
    [InlineData("{\"filter\": 3}", "$.filter")]
    [InlineData("{\"filter\": {\"sites\": \"north\"}}", "$.filter.sites")]
    [InlineData("{nope", "$")]
    [InlineData("{\"compare\": \"none\", \"compare\": \"sex\"}", "$.compare")]
    public void MalformedBodiesAreRefused(string body, string path)
    {
        var (request, errors) = Read(body);

        Assert.Null(request);
        Assert.Contains(errors, error => error.Path == path);
    }

    private static (AnalysisRequest? Request, IReadOnlyList<CalcinosisRegistry.Domain.Validation.ValidationError> Errors) Read(string body) =>
        AnalysisRequestReader.Read(Encoding.UTF8.GetBytes(body));
}
