using System.Net;
using CalcinosisRegistry.Api.Tests.Infrastructure;

namespace CalcinosisRegistry.Api.Tests.Cases;

/// <summary>
/// Issue 16.2 and finding 14.10: If-Match is read strictly on case writes. A quoted current version works; "*" is
/// refused (400), an unquoted version is a 400 naming the expected format, and a weak tag never matches (412, saying
/// why), even when its version is the current one. None of them changes the case.
/// </summary>
public sealed class IfMatchTests(RegistryApiFactory factory) : IClassFixture<RegistryApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("*", HttpStatusCode.BadRequest, "never *")]
    [InlineData("\"1\", *", HttpStatusCode.BadRequest, "never *")]
    [InlineData("1", HttpStatusCode.BadRequest, "in double quotes")]
    [InlineData("'1'", HttpStatusCode.BadRequest, "in double quotes")]
    [InlineData("W/\"1\"", HttpStatusCode.PreconditionFailed, "weak tag")]
    public async Task AReplaceWithABadIfMatchIsRefusedAndChangesNothing(string ifMatch, HttpStatusCode expected, string explanation)
    {
        var site = TestSites.New("ifmatch");
        await _client.CreateCaseAsync(site, "IFM-1", CaseDocuments.Json(CaseDocuments.Valid("IFM-1", seed: 1)));

        using var response = await _client.PutCaseAsync(site, "IFM-1", CaseDocuments.Json(CaseDocuments.Valid("IFM-1", seed: 2)), ifMatch);

        var problem = await response.AssertProblemAsync(expected);
        Assert.Contains(explanation, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var current = await _client.GetCaseAsync(site, "IFM-1");
        Assert.Equal("\"1\"", current.Headers.ETag?.ToString());
    }

    [Theory]
    [InlineData("*", HttpStatusCode.BadRequest)]
    [InlineData("1", HttpStatusCode.BadRequest)]
    [InlineData("W/\"1\"", HttpStatusCode.PreconditionFailed)]
    public async Task AWithdrawalWithABadIfMatchIsRefusedAndTheCaseStays(string ifMatch, HttpStatusCode expected)
    {
        var site = TestSites.New("ifmatch-del");
        await _client.CreateCaseAsync(site, "IFM-2", CaseDocuments.Json(CaseDocuments.Valid("IFM-2")));

        using var response = await _client.WithdrawCaseAsync(site, "IFM-2", ifMatch);

        await response.AssertProblemAsync(expected);
        using var current = await _client.GetCaseAsync(site, "IFM-2");
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task AQuotedCurrentVersionStillReplaces()
    {
        var site = TestSites.New("ifmatch-ok");
        await _client.CreateCaseAsync(site, "IFM-3", CaseDocuments.Json(CaseDocuments.Valid("IFM-3", seed: 1)));

        using var response = await _client.PutCaseAsync(site, "IFM-3", CaseDocuments.Json(CaseDocuments.Valid("IFM-3", seed: 2)), "\"7\", \"1\"");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag?.ToString());
    }
}
