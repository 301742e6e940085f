using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;
using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;
using CalcinosisRegistry.Testing;
using Xunit.Abstractions;

namespace CalcinosisRegistry.PostgreSql.Tests.Backup;

/// <summary>
/// The operator's backup and restore drill (docs/operations.md): a registry with cases is backed up with pg_dump
/// while it runs, the dump is restored into a fresh database, and a registry started on that database serves the
/// same statistics, an intact audit chain, the same users and tokens, and takes new writes.
/// </summary>
public sealed class BackupRestoreDrillTests(ITestOutputHelper output)
{
    private const string Site = "drill-site";
    private const int Cases = 24;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_restored_dump_serves_the_same_statistics_an_intact_audit_trail_and_takes_writes()
    {
        var serviceId = $"drill-{Guid.NewGuid():N}";
        var original = await PostgreSqlServer.CreateDatabaseAsync("drill_original");
        var restored = await PostgreSqlServer.CreateDatabaseAsync("drill_restored");
        var dump = Path.Combine(Path.GetTempPath(), $"registry-drill-{Guid.NewGuid():N}.dump");
        try
        {
            string researcherToken;
            JsonNode statisticsBefore;
            long entriesBefore;
            using var batches = new GroupCommitBatches();
            await using (var registry = new DurableRegistryFactory(original, $"{serviceId}-a", serviceId))
            {
                using var admin = Client(registry, DurableRegistryFactory.AdminToken);
                researcherToken = await ProvisionResearcherAsync(admin);
                using var researcher = Client(registry, researcherToken);
                for (var i = 0; i < Cases; i++)
                {
                    using var created = await PutAsync(researcher, $"DRILL-{i:D3}", seed: 1000 + i);
                    Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                }

                statisticsBefore = await SettledStatisticsAsync(admin, Cases);

                // The group-commit metric saw every case write's state and entry go to the database in some batch.
                Assert.True(batches.Total("commit") >= Cases, $"commit group-commit batches held {batches.Total("commit")} states and entries for {Cases} case writes");
                Assert.True(batches.Total("index") >= Cases, $"index group-commit batches held {batches.Total("index")} rows for {Cases} case writes");
                var verified = await VerifyAsync(admin);
                Assert.True(verified.GetProperty("intact").GetBoolean(), verified.ToString());
                entriesBefore = verified.GetProperty("entriesChecked").GetInt64();

                // The backup is taken from the running registry, as an operator would.
                await PgTools.DumpAsync(original, dump);
                output.WriteLine($"pg_dump of {Cases} cases and {entriesBefore} audit entries: {new FileInfo(dump).Length:N0} bytes");
            }

            await PgTools.RestoreAsync(restored, dump);

            // A restored database starts a new cluster generation (the dump holds the old silos' membership rows);
            // the service id stays, since grain state is keyed by it.
            await using (var registry = new DurableRegistryFactory(restored, $"{serviceId}-b", serviceId))
            {
                using var admin = Client(registry, DurableRegistryFactory.AdminToken);
                var statisticsAfter = await SettledStatisticsAsync(admin, Cases);
                Assert.Equal(WithoutComputedAt(statisticsBefore).ToJsonString(), WithoutComputedAt(statisticsAfter).ToJsonString());

                var verified = await VerifyAsync(admin);
                Assert.True(verified.GetProperty("intact").GetBoolean(), verified.ToString());
                Assert.True(verified.GetProperty("entriesChecked").GetInt64() >= entriesBefore, verified.ToString());

                // The researcher's token came back with the access-control state; their cases with the grain state.
                using var researcher = Client(registry, researcherToken);
                using (var read = await researcher.GetAsync($"/api/sites/{Site}/cases/DRILL-000"))
                {
                    Assert.Equal(HttpStatusCode.OK, read.StatusCode);
                }

                using var written = await PutAsync(researcher, "DRILL-NEW", seed: 4242);
                Assert.Equal(HttpStatusCode.Created, written.StatusCode);
                await SettledStatisticsAsync(admin, Cases + 1);
            }
        }
        finally
        {
            File.Delete(dump);
            await PostgreSqlServer.DropDatabaseAsync(original);
            await PostgreSqlServer.DropDatabaseAsync(restored);
        }
    }

    private static HttpClient Client(DurableRegistryFactory registry, string token)
    {
        var client = registry.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<string> ProvisionResearcherAsync(HttpClient admin)
    {
        using (var site = await admin.PostAsJsonAsync("/api/admin/sites", new { siteId = Site, name = "Drill site" }))
        {
            site.EnsureSuccessStatusCode();
        }

        using (var user = await admin.PostAsJsonAsync("/api/admin/users", new { userId = "drill-nurse", displayName = "Drill nurse", role = "researcher", sites = new[] { Site } }))
        {
            user.EnsureSuccessStatusCode();
        }

        using var token = await admin.PostAsJsonAsync("/api/admin/users/drill-nurse/tokens", new { name = "drill", expiresInDays = 1 });
        token.EnsureSuccessStatusCode();
        return (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient researcher, string caseId, int seed) =>
        researcher.PutAsync($"/api/sites/{Site}/cases/{caseId}", new StringContent(
            CaseJson.Serialize(SyntheticCohort.NewCase(new Random(seed), caseId)), System.Text.Encoding.UTF8, "application/json"));

    /// <summary>
    /// The admin's exact statistics once they have settled on <paramref name="cases"/> cases: the total and the sum
    /// over the types both cover them (each type grain is fed on its own), and two reads in a row agree.
    /// </summary>
    private static async Task<JsonNode> SettledStatisticsAsync(HttpClient admin, int cases)
    {
        JsonNode? statistics = null;
        string? previous = null;
        await Eventually.SucceedsAsync(async () =>
        {
            using var response = await admin.GetAsync("/api/statistics");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return $"status {(int)response.StatusCode}";
            }

            statistics = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var included = statistics["casesIncluded"]!.GetValue<int>();
            var byType = statistics["types"]!.AsArray().Sum(type => type!["casesIncluded"]!.GetValue<int>());
            var current = WithoutComputedAt(statistics).ToJsonString();
            var stable = current == previous;
            previous = current;
            return included == cases && byType == cases && stable ? null : $"casesIncluded {included}, by type {byType}, stable {stable}";
        }, $"the statistics to cover {cases} cases", Settle);
        return statistics!;
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync("/api/admin/audit/verify");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonNode WithoutComputedAt(JsonNode node)
    {
        var copy = node.DeepClone();
        Strip(copy);
        return copy;

        static void Strip(JsonNode? current)
        {
            switch (current)
            {
                case JsonObject obj:
                    obj.Remove("computedAt");
                    foreach (var (_, child) in obj)
                    {
                        Strip(child);
                    }

                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        Strip(child);
                    }

                    break;
            }
        }
    }
}
