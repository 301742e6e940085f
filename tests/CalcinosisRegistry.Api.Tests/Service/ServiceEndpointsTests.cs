using System.Net;
using System.Text.Json;
using CalcinosisRegistry.Api.Tests.Infrastructure;

namespace CalcinosisRegistry.Api.Tests.Service;

/// <summary>Contract section 4: health, the OpenAPI document (which must list every contract route) and the API reference.</summary>
public sealed class ServiceEndpointsTests(RegistryApiFactory factory) : IClassFixture<RegistryApiFactory>
{
    /// <summary>Contract section 4, as (method, path template) pairs.</summary>
    public static readonly TheoryData<string, string> ContractRoutes = new()
    {
        { "put", "/api/sites/{siteId}/cases/{caseId}" },
        { "get", "/api/sites/{siteId}/cases/{caseId}" },
        { "delete", "/api/sites/{siteId}/cases/{caseId}" },
        { "get", "/api/sites/{siteId}/cases" },
        { "get", "/api/statistics" },
        { "get", "/api/statistics/types/{type}" },
    };

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Health_answers_200_once_the_registry_can_serve()
    {
        using var response = await _client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_answers_200_as_json()
    {
        using var response = await _client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = await response.ReadJsonAsync();
        Assert.True(document.TryGetProperty("openapi", out _));
        Assert.Equal(JsonValueKind.Object, document.GetProperty("paths").ValueKind);
    }

    [Theory]
    [MemberData(nameof(ContractRoutes))]
    public async Task The_openapi_document_lists_every_contract_route(string method, string path)
    {
        using var response = await _client.GetAsync("/openapi/v1.json");
        var paths = (await response.ReadJsonAsync()).GetProperty("paths");

        // A route group's "/" can render as a trailing slash; either spelling names the contract route.
        var listed = paths.EnumerateObject().Where(p => p.Name.TrimEnd('/') == path).ToList();
        Assert.True(listed.Count == 1, $"{path} is not listed once; listed: {string.Join(", ", paths.EnumerateObject().Select(p => p.Name))}");
        Assert.True(listed[0].Value.TryGetProperty(method, out _), $"{method.ToUpperInvariant()} {path} is not listed: {listed[0].Value}");
    }

    [Fact]
    public async Task The_openapi_document_lists_the_contract_routes_without_trailing_slashes()
    {
        using var response = await _client.GetAsync("/openapi/v1.json");
        var paths = (await response.ReadJsonAsync()).GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/api/sites/{siteId}/cases", paths);
        Assert.Contains("/api/statistics", paths);
    }

    [Fact]
    public async Task The_api_reference_answers_200_with_html()
    {
        using var response = await _client.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_route_answers_404_problem()
    {
        using var response = await _client.GetAsync("/api/nothing-here");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
