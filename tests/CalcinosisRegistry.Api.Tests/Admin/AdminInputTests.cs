using System.Net;
using System.Text;
using CalcinosisRegistry.Api.Tests.Infrastructure;

namespace CalcinosisRegistry.Api.Tests.Admin;

/// <summary>
/// The admin API is as strict as the case API (issue 16, item 5): unknown members, wrongly spelt role values and
/// malformed query values are refused with a problem document that names each fault in the API's own words, and
/// nothing is changed.
/// </summary>
public sealed class AdminInputTests(RegistryApiFactory factory) : IClassFixture<RegistryApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task A_site_with_an_unknown_member_is_refused_naming_it_and_not_created()
    {
        var site = TestSites.New("unknown-member");

        using var response = await PostJsonAsync("/api/admin/sites", $$"""{"siteId":"{{site}}","name":"Somewhere","country":"nl"}""");

        var paths = await response.AssertValidationProblemAsync();
        Assert.Equal(["$.country"], paths);
        Assert.DoesNotContain(site, await _client.GetStringAsync("/api/admin/sites"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_request_with_an_unknown_member_is_refused_naming_it()
    {
        await CreateUserAsync("token-owner", "analyst");

        using var response = await PostJsonAsync("/api/admin/users/token-owner/tokens", """{"name":"laptop","expiresAt":"2030-01-01"}""");

        Assert.Equal(["$.expiresAt"], await response.AssertValidationProblemAsync());
        Assert.Equal("[]", await _client.GetStringAsync("/api/admin/users/token-owner/tokens"));
    }

    [Fact]
    public async Task A_role_not_spelt_exactly_in_lower_case_is_refused_and_no_user_is_created()
    {
        using var response = await PostJsonAsync("/api/admin/users",
            """{"userId":"capital-role","displayName":"Capital","role":"Researcher","sites":[]}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal("$.role", error.GetProperty("path").GetString());
        Assert.Contains("admin, researcher, analyst", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("capital-role", await _client.GetStringAsync("/api/admin/users"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_fault_of_a_user_request_is_named_at_once()
    {
        using var response = await PostJsonAsync("/api/admin/users", """{"userId":7,"role":"boss","sites":"site-a","team":"x","team":"y"}""");

        var paths = await response.AssertValidationProblemAsync();
        Assert.Equal(["$.displayName", "$.role", "$.sites", "$.team", "$.team", "$.userId"], paths.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_problem_without_dotnet_internals()
    {
        using var response = await PostJsonAsync("/api/admin/sites", "siteId=x");

        Assert.Equal(["$"], await response.AssertValidationProblemAsync());
    }

    [Theory]
    [InlineData("/api/sites/some-site/cases?limit=abc", "limit", "limit must be an integer")]
    [InlineData("/api/admin/audit?after=first", "after", "after must be an integer")]
    [InlineData("/api/admin/audit?from=yesterday", "from", "from must be a date and time in ISO 8601 form")]
    [InlineData("/api/sites/some-site/cases?limit=0", "limit", "limit must be an integer between 1 and 500")]
    public async Task A_malformed_query_value_is_named_in_the_apis_words(string path, string parameter, string message)
    {
        using var response = await _client.GetAsync(path);

        var text = await response.Content.ReadAsStringAsync();
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(parameter, error.GetProperty("path").GetString());
        Assert.StartsWith(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Failed to bind", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Nullable", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_curve_on_a_read_says_what_is_wrong_and_does_not_talk_of_storing()
    {
        using var response = await _client.GetAsync("/api/statistics?curve=0");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.DoesNotContain("stored", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(("curve", "curve must be true or false."), (error.GetProperty("path").GetString(), error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task An_unknown_query_parameter_is_refused_on_any_route()
    {
        using var statistics = await _client.GetAsync("/api/statistics?curves=false");
        using var sites = await _client.GetAsync("/api/admin/sites?limit=5");

        Assert.Equal(["curves"], await statistics.AssertValidationProblemAsync());
        Assert.Equal(["limit"], await sites.AssertValidationProblemAsync());
    }

    private async Task CreateUserAsync(string userId, string role)
    {
        using var response = await PostJsonAsync("/api/admin/users", $$"""{"userId":"{{userId}}","displayName":"{{userId}}","role":"{{role}}"}""");
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        _client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
}
