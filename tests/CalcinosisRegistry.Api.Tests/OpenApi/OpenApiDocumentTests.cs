using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CalcinosisRegistry.Api.Tests.Infrastructure;
using Microsoft.OpenApi;

namespace CalcinosisRegistry.Api.Tests.OpenApi;

/// <summary>
/// /openapi/v1.json describes the API exactly (issue 16, item 4): it passes the OpenAPI.NET validator with no error,
/// declares the bearer scheme, If-Match and the problem responses, types numbers as numbers, and its case document
/// requires exactly what the validator requires (checked against the validator itself, by submitting).
/// </summary>
public sealed class OpenApiDocumentTests(RegistryApiFactory factory) : IClassFixture<RegistryApiFactory>
{
    private const string CasePath = "/api/sites/{siteId}/cases/{caseId}";

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task The_document_passes_the_openapi_validator_with_no_error()
    {
        using var stream = new MemoryStream(await _client.GetByteArrayAsync("/openapi/v1.json"));

        var result = OpenApiDocument.Load(stream, "json");

        Assert.NotNull(result.Document);
        Assert.Empty(result.Diagnostic?.Errors ?? []);
        Assert.Empty(result.Document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
    }

    [Fact]
    public async Task Every_api_route_requires_the_bearer_scheme()
    {
        var document = await DocumentAsync();

        var scheme = document["components"]!["securitySchemes"]!["Bearer"]!;
        Assert.Equal(("http", "bearer"), ((string?)scheme["type"], (string?)scheme["scheme"]));
        Assert.Equal("Bearer", Assert.Single(document["security"]!.AsArray()!)!.AsObject().Single().Key);
    }

    [Fact]
    public async Task Replacing_and_withdrawing_declare_if_match_and_their_problem_responses()
    {
        var document = await DocumentAsync();
        var put = document["paths"]![CasePath]!["put"]!;
        var delete = document["paths"]![CasePath]!["delete"]!;

        Assert.False((bool?)IfMatch(put)["required"] ?? false);
        Assert.True((bool?)IfMatch(delete)["required"]);
        Assert.Equal(["200", "201", "400", "401", "403", "409", "412", "413", "428", "429", "503"], ResponseCodes(put));
        Assert.Equal(["204", "400", "401", "403", "404", "409", "412", "428", "429", "503"], ResponseCodes(delete));
        foreach (var (code, response) in put["responses"]!.AsObject().Where(r => r.Key[0] is '4' or '5'))
        {
            Assert.True(response!["content"]!.AsObject().ContainsKey("application/problem+json"), $"PUT {code} is not a problem document");
        }
    }

    [Fact]
    public async Task Numbers_are_typed_as_numbers_only()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!;

        Assert.Equal("integer", (string?)schemas["CaseDocument"]!["properties"]!["ageAtOnsetYears"]!["type"]);
        Assert.Equal("integer", (string?)schemas["CaseResponse"]!["properties"]!["version"]!["type"]);
        var calcium = schemas["LabResult"]!["properties"]!["serumCalciumMgDl"]!["type"]!.AsArray().Select(t => (string?)t);
        Assert.Equal(["null", "number"], calcium.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("^-?(?:0|[1-9]\\d*)$", document.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_case_documents_required_members_are_exactly_those_the_validator_requires()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!;
        var example = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryFiles.PathOf("docs", "examples", "case.json")))!.AsObject();
        var site = TestSites.New("required");
        var disagreements = new List<string>();

        foreach (var (member, inObject) in new (string Schema, Func<JsonObject, JsonObject> Object)[]
                 {
                     ("CaseDocument", root => root),
                     ("Lesion", root => root["lesions"]![0]!.AsObject()),
                     ("TreatmentCourse", root => root["treatments"]![0]!.AsObject()),
                     ("LabResult", root => root["labs"]![0]!.AsObject()),
                 })
        {
            var required = schemas[member]!["required"]!.AsArray().Select(n => (string)n!).ToHashSet();
            foreach (var name in inObject(example).Select(p => p.Key).ToList())
            {
                var without = example.DeepClone().AsObject();
                inObject(without).Remove(name);
                var caseId = $"R-{member}-{name}";
                without["caseId"] = caseId;
                if (member == "CaseDocument" && name == "caseId")
                {
                    without.Remove("caseId");
                }

                using var response = await _client.PutCaseAsync(site, caseId, without.ToJsonString());
                var refused = response.StatusCode == HttpStatusCode.BadRequest;
                if (refused != required.Contains(name))
                {
                    disagreements.Add($"{member}.{name}: document says {(required.Contains(name) ? "required" : "optional")}, the validator answered {(int)response.StatusCode}");
                }
            }
        }

        Assert.Empty(disagreements);
    }

    private static JsonNode IfMatch(JsonNode operation) =>
        operation["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "If-Match" && (string?)p["in"] == "header")!;

    private static List<string> ResponseCodes(JsonNode operation) =>
        [.. operation["responses"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal)];

    private async Task<JsonNode> DocumentAsync()
    {
        using var response = await _client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
