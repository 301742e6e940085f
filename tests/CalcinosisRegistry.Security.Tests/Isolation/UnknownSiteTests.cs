using System.Net;
using CalcinosisRegistry.Security.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using static CalcinosisRegistry.Security.Tests.Infrastructure.SecuredRegistry;

namespace CalcinosisRegistry.Security.Tests.Isolation;

/// <summary>
/// Findings 14.4 and 14.8: a request naming a site that is not registered is a 404 on every path, before any grain of
/// that site is activated; every signed-in user can list the registered sites. (Case routes refuse analysts and
/// admins by role, 403, before anything else; their 404 here concerns researchers.)
/// </summary>
public sealed class UnknownSiteTests(SecuredRegistry registry) : IClassFixture<SecuredRegistry>
{
    [Theory]
    [InlineData(Caller.Analyst, "GET", "/api/statistics?site=nowhere")]
    [InlineData(Caller.Analyst, "GET", "/api/statistics/types/all?site=nowhere")]
    [InlineData(Caller.Admin, "GET", "/api/statistics?site=nowhere&curve=false")]
    [InlineData(Caller.ResearcherA, "GET", "/api/statistics/types/dystrophic?site=nowhere")]
    [InlineData(Caller.ResearcherA, "GET", "/api/sites/nowhere/cases")]
    [InlineData(Caller.ResearcherA, "PUT", "/api/sites/nowhere/cases/X-1")]
    [InlineData(Caller.ResearcherA, "DELETE", "/api/sites/nowhere/cases/X-1")]
    [InlineData(Caller.Analyst, "GET", "/api/sites/nowhere")]
    public async Task AnUnknownSiteIsA404(Caller caller, string method, string path)
    {
        using var response = await registry.SendAsync(caller, new HttpMethod(method), path, method == "PUT" ? CaseBodies.Valid("X-1") : null, method == "PUT" ? null : "\"1\"");

        await response.AssertStatusAsync(HttpStatusCode.NotFound, $"{method} {path} as {caller}");
        await response.AssertProblemDocumentAsync(path);
    }

    [Fact]
    public async Task RandomSitesActivateNoGrains()
    {
        var management = registry.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var prefix = $"random{Guid.NewGuid():N}"[..16];
        for (var i = 0; i < 25; i++)
        {
            using var response = await registry.SendAsync(Caller.Analyst, HttpMethod.Get, $"/api/statistics?site={prefix}-{i}");
            await response.AssertStatusAsync(HttpStatusCode.NotFound, "a random site");
        }

        var named = (await management.GetDetailedGrainStatistics())
            .Where(statistic => statistic.GrainId.ToString().Contains(prefix, StringComparison.Ordinal))
            .Select(statistic => statistic.GrainId.ToString());
        Assert.Empty(named);
    }

    [Fact]
    public async Task AKnownSiteStillFilters()
    {
        using var response = await registry.SendAsync(Caller.Analyst, HttpMethod.Get, $"/api/statistics?curve=false&site={SiteB}");

        await response.AssertStatusAsync(HttpStatusCode.OK, "statistics of a registered site");
    }

    [Theory]
    [InlineData(Caller.Analyst)]
    [InlineData(Caller.ResearcherB)]
    [InlineData(Caller.Admin)]
    public async Task EverySignedInUserCanListTheSites(Caller caller)
    {
        var sites = await registry.ExpectAsync(HttpStatusCode.OK, caller, HttpMethod.Get, "/api/sites");
        var one = await registry.ExpectAsync(HttpStatusCode.OK, caller, HttpMethod.Get, $"/api/sites/{SiteA}");

        Assert.Equal([SiteA, SiteB], sites.EnumerateArray().Select(site => site.GetProperty("siteId").GetString()));
        Assert.Equal($"Site {SiteA}", one.GetProperty("name").GetString());
    }

    [Fact]
    public async Task AnonymousCallersCannotListTheSites()
    {
        using var response = await registry.SendAsync(Caller.Anonymous, HttpMethod.Get, "/api/sites");

        await response.AssertStatusAsync(HttpStatusCode.Unauthorized, "anonymous site list");
    }
}
