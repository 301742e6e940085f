using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Grains.Tests.Infrastructure;
using Orleans.Runtime;

namespace CalcinosisRegistry.Grains.Tests;

/// <summary>
/// <see cref="GrainReferences.GetRegistryGrain{TGrain}"/> must address exactly the grain Orleans' own GetGrain does,
/// on the first call (which resolves the types) and on later ones (which reuse them).
/// </summary>
public sealed class GrainReferencesTests(SingleSiloClusterFixture fixture) : IClassFixture<SingleSiloClusterFixture>
{
    private RegistryCluster Registry => fixture.Registry;

    [Fact]
    public async Task Registry_references_equal_orleans_references_and_reach_the_same_activation()
    {
        const string siteId = "references";
        var document = TestCases.Dystrophic("REF-1");
        await Registry.PutAsync(siteId, document);

        foreach (var caseId in new[] { "REF-1", "REF-2", "REF-1" })
        {
            var key = RegistryKeys.Case(siteId, caseId);
            var ours = Registry.Client.GetRegistryGrain<ICaseGrain>(key);
            var orleans = Registry.Client.GetGrain<ICaseGrain>(key);

            Assert.Equal(orleans.GetGrainId(), ours.GetGrainId());
            Assert.Equal(((GrainReference)orleans).InterfaceType, ((GrainReference)ours).InterfaceType);
        }

        // Another interface resolves its own types rather than reusing the case grain's.
        var site = Registry.Client.GetRegistryGrain<ISiteGrain>(RegistryKeys.Site(siteId));
        Assert.Equal(Registry.Client.GetGrain<ISiteGrain>(RegistryKeys.Site(siteId)).GetGrainId(), site.GetGrainId());

        var stored = await Registry.Client.GetRegistryGrain<ICaseGrain>(RegistryKeys.Case(siteId, "REF-1")).GetAsync();
        Assert.Equal(1, stored?.Version);
        Assert.Null(await Registry.Client.GetRegistryGrain<ICaseGrain>(RegistryKeys.Case(siteId, "REF-2")).GetAsync());
        Assert.Equal(1, (await site.ListAsync(null, 10)).Total);
    }
}
