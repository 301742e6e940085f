using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Access;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Contracts.Faults;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Domain.Access;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Security.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CalcinosisRegistry.Security.Tests.Isolation;

/// <summary>
/// Site isolation a second time, inside the grain layer: calls straight to the silo's grains (bypassing HTTP) are
/// refused unless the caller carried in the request context is a researcher of the grain's site.
/// </summary>
public sealed class GrainLayerIsolationTests(SecuredRegistry registry) : IClassFixture<SecuredRegistry>
{
    private static readonly CallerIdentity ResearcherA = new(SecuredRegistry.ResearcherAUserId, RegistryRole.Researcher, [SecuredRegistry.SiteA]);
    private static readonly CallerIdentity ResearcherB = new(SecuredRegistry.ResearcherBUserId, RegistryRole.Researcher, [SecuredRegistry.SiteB]);
    private static readonly CallerIdentity Admin = new(SecuredRegistry.AdminUserId, RegistryRole.Admin, []);
    private static readonly CallerIdentity Analyst = new(SecuredRegistry.AnalystUserId, RegistryRole.Analyst, []);

    private IGrainFactory Grains => registry.Factory.Services.GetRequiredService<IGrainFactory>();

    private ICaseGrain SiteACase => Grains.GetGrain<ICaseGrain>(RegistryKeys.Case(SecuredRegistry.SiteA, SecuredRegistry.SiteACaseIds[0]));

    [Fact]
    public async Task TheSitesOwnResearcherReadsTheCase()
    {
        var snapshot = await AsCallerAsync(ResearcherA, () => SiteACase.GetAsync());

        Assert.NotNull(snapshot);
        Assert.Equal((SecuredRegistry.SiteA, SecuredRegistry.SiteACaseIds[0], 1), (snapshot.SiteId, snapshot.CaseId, snapshot.Version));
    }

    public static TheoryData<string> RefusedCallers => ["researcher-b", "admin", "analyst", "nobody"];

    [Theory]
    [MemberData(nameof(RefusedCallers))]
    public async Task AnyoneElseIsRefusedEveryCaseCall(string who)
    {
        var caller = who switch
        {
            "researcher-b" => ResearcherB,
            "admin" => Admin,
            "analyst" => Analyst,
            _ => null,
        };
        var document = CaseJson.Deserialize(CaseBodies.Valid(SecuredRegistry.SiteACaseIds[0], seed: 99));

        await Assert.ThrowsAsync<AccessDeniedException>(() => AsCallerAsync(caller, () => SiteACase.GetAsync()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => AsCallerAsync(caller, () => SiteACase.PutAsync(document, [], "\"1\"")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => AsCallerAsync(caller, () => SiteACase.WithdrawAsync("\"1\"")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => AsCallerAsync(caller,
            () => Grains.GetGrain<ISiteGrain>(RegistryKeys.Site(SecuredRegistry.SiteA)).ListAsync(null, 10)));

        // Nothing changed: the case is still at version 1 for its own researcher.
        var snapshot = await AsCallerAsync(ResearcherA, () => SiteACase.GetAsync());
        Assert.Equal(1, snapshot?.Version);
    }

    private static async Task<T> AsCallerAsync<T>(CallerIdentity? caller, Func<Task<T>> call)
    {
        RequestContext.Clear();
        if (caller is not null)
        {
            RequestContext.Set(CallerContext.Key, caller);
        }

        try
        {
            return await call();
        }
        finally
        {
            RequestContext.Clear();
        }
    }
}
