using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using CalcinosisRegistry.Cluster.Tests.Infrastructure;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;
using Npgsql;
using Xunit.Abstractions;

namespace CalcinosisRegistry.Cluster.Tests;

/// <summary>
/// Issue 18: an import's commit interrupted by a SIGKILLed silo (the one running the commit) resumes on another
/// silo with <c>POST …/commit</c> again and finishes without duplicates: every case stored once at version 1, one
/// audited create per case, and the import's state (staged in PostgreSQL) intact.
/// </summary>
public sealed class ImportCrashResumeTests(ITestOutputHelper output)
{
    private const string SiteId = "north-general";
    private const int Cases = 3_000;
    /// <summary>Killed once the commit has written this many cases: well inside it, whatever the machine's speed.</summary>
    private const int ProcessedBeforeKill = 500;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_commit_interrupted_by_a_SIGKILLed_silo_resumes_on_another_and_finishes_without_duplicates()
    {
        var admin = await SharedPostgreSqlServer.GetAdminConnectionStringAsync();
        var database = await TestDatabases.CreateAsync(admin, "importcrash");
        using var http = RegistryHttp.CreateClient();
        using var silos = new SiloGroup();
        try
        {
            await silos.StartAsync(http, database, "importcrash-" + Guid.NewGuid().ToString("N")[..8], count: 2, namePrefix: "silo");
            var (committer, survivor) = (silos.Silos[0], silos.Silos[1]);
            var documents = SyntheticCohort.Generate(Cases, seed: 181, sites: [SiteId]).Select(c => c.Document).ToList();
            var staged = await PostAsync(http, new Uri(committer.Settings.BaseAddress, $"/api/sites/{SiteId}/imports"),
                new StringContent(string.Concat(documents.Select(d => CaseJson.Serialize(d) + "\n")), Encoding.UTF8, "application/x-ndjson"));
            Assert.True(staged.Status == HttpStatusCode.Created, $"staging answered {(int)staged.Status}: {staged.Body}");
            var importId = staged.Json.GetProperty("importId").GetString()!;
            var importPath = $"/api/sites/{SiteId}/imports/{importId}";

            // The commit runs in the request on the first silo; the second watches its progress and then kills it.
            var interrupted = PostAsync(http, new Uri(committer.Settings.BaseAddress, importPath + "/commit"), null);
            var clock = Stopwatch.StartNew();
            var processed = 0;
            while (processed < ProcessedBeforeKill)
            {
                Assert.True(clock.Elapsed < Deadline, $"the commit wrote only {processed} cases in {Deadline.TotalSeconds:0} s");
                if (interrupted.IsCompleted)
                {
                    Assert.Fail($"the commit ended before the kill: {(await interrupted).Body}");
                }

                var (status, body) = await RegistryHttp.TrySendAsync(http, HttpMethod.Get, new Uri(survivor.Settings.BaseAddress, importPath));
                if (status == HttpStatusCode.OK)
                {
                    processed = JsonDocument.Parse(body).RootElement.GetProperty("processed").GetInt32();
                }

                await Task.Delay(50);
            }

            committer.Kill();
            output.WriteLine($"SIGKILL {committer.Name} after {processed} of {Cases} cases were reported written");
            var cut = await interrupted;
            Assert.NotEqual(HttpStatusCode.OK, cut.Status);

            // Committing again on the survivor resumes (503s while the cluster notices the dead silo are retried, and
            // 409s while the dead commit's lease runs out, if the import's grain lived on the survivor).
            var resumed = await PostAsync(http, new Uri(survivor.Settings.BaseAddress, importPath + "/commit"), null);
            while (resumed.Status != HttpStatusCode.OK && clock.Elapsed < Deadline * 2)
            {
                Assert.True(resumed.Status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.InternalServerError or HttpStatusCode.Conflict or RegistryHttp.NoAnswer,
                    $"the resumed commit answered {(int)resumed.Status}: {resumed.Body}");
                await Task.Delay(500);
                resumed = await PostAsync(http, new Uri(survivor.Settings.BaseAddress, importPath + "/commit"), null);
            }

            Assert.True(resumed.Status == HttpStatusCode.OK, $"the resumed commit answered {(int)resumed.Status}: {resumed.Body}");
            var result = resumed.Json;
            var outcomes = result.GetProperty("outcomes");
            output.WriteLine($"resumed: {outcomes}");
            Assert.Equal("committed", result.GetProperty("phase").GetString());
            Assert.Equal((Cases, Cases), (result.GetProperty("total").GetInt32(), result.GetProperty("processed").GetInt32()));
            // Cases written after the last stored outcome are re-sent and answered as identical re-sends.
            Assert.Equal(Cases, outcomes.GetProperty("created").GetInt32() + outcomes.GetProperty("unchanged").GetInt32());
            Assert.Equal((0, 0, 0), (outcomes.GetProperty("replaced").GetInt32(), outcomes.GetProperty("changedSincePreview").GetInt32(), outcomes.GetProperty("pending").GetInt32()));

            // Every case was created exactly once: one audited create at version 1 per case, none twice.
            var audited = await AuditedCreatesAsync(database);
            Assert.Equal(Cases, audited.Count);
            Assert.All(audited, entry => Assert.Equal((1, 1), (entry.Value.Entries, entry.Value.MaxVersion)));
            Assert.Equal(documents.Select(d => d.CaseId).Order(StringComparer.Ordinal), audited.Keys.Order(StringComparer.Ordinal));

            // And the site exports exactly the documents sent (its listing catches up within moments).
            var expected = documents.OrderBy(d => d.CaseId, StringComparer.Ordinal).Select(CaseJson.Serialize).ToList();
            List<string> exported = [];
            while (clock.Elapsed < Deadline * 3)
            {
                var (status, body) = await RegistryHttp.TrySendAsync(http, HttpMethod.Get, new Uri(survivor.Settings.BaseAddress, $"/api/sites/{SiteId}/export?format=ndjson"), TimeSpan.FromMinutes(1));
                exported = status == HttpStatusCode.OK ? [.. body.Split('\n', StringSplitOptions.RemoveEmptyEntries)] : [];
                if (exported.Count >= Cases)
                {
                    break;
                }

                await Task.Delay(500);
            }

            Assert.Equal(expected, exported);
        }
        catch (Exception exception)
        {
            silos.ReportFailure(output, exception);
            throw;
        }
        finally
        {
            silos.Dispose();
            await TestDatabases.DropAsync(admin, database);
        }
    }

    private static async Task<(HttpStatusCode Status, string Body, JsonElement Json)> PostAsync(HttpClient http, Uri address, HttpContent? content)
    {
        try
        {
            using var timeout = new CancellationTokenSource(Deadline);
            using var response = await http.PostAsync(address, content ?? new StringContent(string.Empty), timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            var json = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true && body.Length > 0
                ? JsonDocument.Parse(body).RootElement.Clone()
                : default;
            return (response.StatusCode, body, json);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            return (RegistryHttp.NoAnswer, $"no answer: {exception.Message}", default);
        }
    }

    private static async Task<Dictionary<string, (int Entries, int MaxVersion)>> AuditedCreatesAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT case_id, count(*)::integer, max(version_after) FROM audit_log " +
            "WHERE action = 'import.commit' AND site_id = $1 AND case_id IS NOT NULL GROUP BY case_id", connection)
        {
            Parameters = { new NpgsqlParameter { Value = SiteId } },
        };
        var entries = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries[reader.GetString(0)] = (reader.GetInt32(1), reader.GetInt32(2));
        }

        return entries;
    }
}
