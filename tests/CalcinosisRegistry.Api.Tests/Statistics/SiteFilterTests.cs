using System.Net;
using System.Text.Json;
using CalcinosisRegistry.Api.Tests.Infrastructure;
using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Api.Tests.Statistics;

/// <summary><c>?site=</c> limits the statistics to one site's cases; a withdrawal and other sites' cases do not leak in.</summary>
public sealed class SiteFilterTests(RegistryApiFactory factory) : IClassFixture<RegistryApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Statistics_filtered_to_a_site_count_only_that_sites_cases()
    {
        var north = TestSites.New("north");
        var south = TestSites.New("south");
        for (var i = 0; i < 3; i++)
        {
            await _client.CreateCaseAsync(north, $"N-{i}", CaseDocuments.Json(CaseDocuments.ValidOfType($"N-{i}", CalcinosisType.Idiopathic, seed: i)));
        }

        for (var i = 0; i < 2; i++)
        {
            await _client.CreateCaseAsync(south, $"S-{i}", CaseDocuments.Json(CaseDocuments.ValidOfType($"S-{i}", CalcinosisType.Idiopathic, seed: 10 + i)));
        }

        var northIdiopathic = await CasesAsync($"/api/statistics/types/idiopathic?curve=false&site={north}", expected: 3);
        var southAll = await CasesAsync($"/api/statistics/types/all?curve=false&site={south}", expected: 2);
        Assert.Equal(3, northIdiopathic);
        Assert.Equal(2, southAll);
        Assert.Equal(0, await CasesAsync($"/api/statistics/types/dystrophic?curve=false&site={north}", expected: 0));

        using var all = await _client.GetAsync($"/api/statistics?curve=false&site={north}");
        var body = await all.ReadJsonAsync();
        Assert.Equal(3, body.GetProperty("allTypes").GetProperty("cases").GetInt32());

        var etag = (await _client.GetCaseAsync(north, "N-0")).Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.NoContent, (await _client.WithdrawCaseAsync(north, "N-0", etag)).StatusCode);
        Assert.Equal(2, await CasesAsync($"/api/statistics/types/idiopathic?curve=false&site={north}", expected: 2));
    }

    [Theory]
    [InlineData("/api/statistics?site=Not_A_Site")]
    [InlineData("/api/statistics/types/all?site=x")]
    public async Task An_invalid_site_filter_is_refused_with_400(string path)
    {
        using var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == "site");
    }

    private async Task<int> CasesAsync(string path, int expected) =>
        await Eventually.ReadUntilAsync(async () =>
        {
            using var response = await _client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.ReadJsonAsync()).GetProperty("cases").GetInt32();
        }, cases => cases == expected);
}
