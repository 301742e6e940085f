using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;
using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;

namespace CalcinosisRegistry.PostgreSql.Tests.Index;

/// <summary>
/// A case grain's new activation stores a PUT without If-Match as a new case before reading (one round trip for a
/// creation). Through the real ADO.NET provider, a case that already has a row must refuse that insert and be
/// decided on the stored row instead, leaving exactly one row.
/// </summary>
public sealed class CaseCreationTests
{
    [Fact]
    public async Task A_put_to_a_stored_case_from_a_fresh_activation_is_decided_on_the_stored_row()
    {
        await using var database = await IndexDatabase.CreateAsync("create");
        var synthetic = SyntheticCohort.Generate(1, seed: 11, ["create-site"]).Single();
        var key = RegistryKeys.Case(synthetic.SiteId, synthetic.Document.CaseId);
        var cluster = await RegistryOnPostgreSql.StartAsync(database.ConnectionString, $"create-{Guid.NewGuid():N}");
        try
        {
            await RegistryOnPostgreSql.PutAsync(cluster.Client, synthetic);
            var grain = cluster.Client.GetGrain<ICaseGrain>(key);

            await cluster.DeactivateAsync(grain);
            var retry = await RegistryOnPostgreSql.PutAsync(grain, synthetic.Document);
            Assert.Equal(CaseWriteOutcome.Unchanged, retry.Outcome);
            Assert.Equal(1, retry.Current!.Version);

            await cluster.DeactivateAsync(grain);
            var changed = await RegistryOnPostgreSql.PutAsync(grain, synthetic.Document with { LastFollowUpDay = synthetic.Document.LastFollowUpDay + 30 });
            Assert.Equal(CaseWriteOutcome.PreconditionRequired, changed.Outcome);

            await cluster.DeactivateAsync(grain);
            Assert.Equal(synthetic.Document.LastFollowUpDay, CaseJson.Deserialize((await grain.GetAsync())!.DocumentJson).LastFollowUpDay);
            Assert.Equal(1, await SqlProbe.CountAsync(database.ConnectionString,
                "SELECT count(*) FROM orleans_grain_state WHERE grain_id_extension_string = @key AND version = 1", ("key", key)));
        }
        finally
        {
            await RegistryOnPostgreSql.StopAsync(cluster);
        }
    }
}
