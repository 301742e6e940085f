using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using CalcinosisRegistry.Bulk.Tests.Formats;
using CalcinosisRegistry.Bulk.Tests.Infrastructure;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;
using CalcinosisRegistry.Testing;

namespace CalcinosisRegistry.Bulk.Tests.Import;

public sealed class ImportTests(BulkRegistry registry) : IClassFixture<BulkRegistry>
{
    private static List<CaseDocument> Cohort(int count, int seed) => [.. SyntheticCohort.Generate(count, seed).Select(c => c.Document)];

    [Fact]
    public async Task The_demo_cohort_round_trips_export_csv_then_import_into_an_empty_site_with_identical_documents_and_statistics()
    {
        var (source, _, sourceResearcher) = await registry.NewSiteWithResearcherAsync("rt-src");
        var cohort = Cohort(400, seed: 2026);
        await BulkRegistry.PutAllAsync(sourceResearcher, source, cohort);
        using var export = await sourceResearcher.GetAsync($"/api/sites/{source}/export?format=csv");
        var bundle = await export.Content.ReadAsByteArrayAsync();

        var (target, _, targetResearcher) = await registry.NewSiteWithResearcherAsync("rt-dst");
        var (staged, preview) = await targetResearcher.StageAsync(target, bundle, "application/zip");
        Assert.Equal(HttpStatusCode.Created, staged.StatusCode);
        Assert.Equal((400, 400, 0), (preview.GetProperty("total").GetInt32(), preview.GetProperty("preview").GetProperty("new").GetInt32(), preview.GetProperty("faultCount").GetInt32()));
        var (committed, result) = await targetResearcher.CommitAsync(target, preview.GetProperty("importId").GetString()!);

        Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
        Assert.Equal("committed", result.GetProperty("phase").GetString());
        Assert.Equal(400, result.GetProperty("outcomes").GetProperty("created").GetInt32());
        Assert.Equal(await ExportNdjsonAsync(sourceResearcher, source), await ExportNdjsonAsync(targetResearcher, target));
        // Statistics are eventually consistent (within about a second): poll until the target covers every case.
        var expected = await StatisticsAsync(source, 400);
        Assert.Equal(expected, await StatisticsAsync(target, 400));
    }

    [Fact]
    public async Task The_preview_sorts_new_changed_unchanged_and_refused_and_commit_needs_skipRefused_to_write_the_valid_ones()
    {
        var (siteId, _, researcher) = await registry.NewSiteWithResearcherAsync("prev");
        var cases = Cohort(3, seed: 21);
        await BulkRegistry.PutAllAsync(researcher, siteId, cases.Take(2));
        var changed = cases[1] with { LastFollowUpDay = cases[1].LastFollowUpDay + 10, Sex = Sex.Unknown };
        var refusedJson = CaseJson.Serialize(ContractExample.Document with { CaseId = "BAD-1" }).Replace("\"painScore\":6", "\"painScore\":12", StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes(CaseJson.Serialize(cases[0]) + "\n" + CaseJson.Serialize(changed) + "\n" + CaseJson.Serialize(cases[2]) + "\n" + refusedJson + "\n");

        var (_, preview) = await researcher.StageAsync(siteId, body, "application/x-ndjson");
        var importId = preview.GetProperty("importId").GetString()!;

        Assert.Equal("ndjson", preview.GetProperty("format").GetString());
        var counts = preview.GetProperty("preview");
        Assert.Equal((1, 1, 1, 1), (counts.GetProperty("new").GetInt32(), counts.GetProperty("changed").GetInt32(), counts.GetProperty("unchanged").GetInt32(), counts.GetProperty("refused").GetInt32()));
        var changedView = preview.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("caseId").GetString() == changed.CaseId);
        Assert.Equal(["sex", "lastFollowUpDay"], changedView.GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()));
        var fault = Assert.Single(preview.GetProperty("faults").EnumerateArray());
        Assert.Equal(("BAD-1", 4, "$.lesions[0].observations[0].painScore"),
            (fault.GetProperty("caseId").GetString(), fault.GetProperty("line").GetInt32(), fault.GetProperty("jsonPath").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await researcher.GetAsync($"/api/sites/{siteId}/cases/{cases[2].CaseId}")).StatusCode);

        var (blocked, _) = await researcher.CommitAsync(siteId, importId);
        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await researcher.GetAsync($"/api/sites/{siteId}/cases/{cases[2].CaseId}")).StatusCode);

        var (committed, result) = await researcher.CommitAsync(siteId, importId, skipRefused: true);
        Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
        var outcomes = result.GetProperty("outcomes");
        Assert.Equal((1, 1, 1, 1), (outcomes.GetProperty("created").GetInt32(), outcomes.GetProperty("replaced").GetInt32(), outcomes.GetProperty("unchanged").GetInt32(), outcomes.GetProperty("skipped").GetInt32()));
        Assert.Equal(CaseJson.Serialize(changed), await StoredDocumentAsync(researcher, siteId, changed.CaseId, expectedVersion: 2));
        Assert.Equal(CaseJson.Serialize(cases[2]), await StoredDocumentAsync(researcher, siteId, cases[2].CaseId, expectedVersion: 1));
        Assert.Equal(HttpStatusCode.NotFound, (await researcher.GetAsync($"/api/sites/{siteId}/cases/BAD-1")).StatusCode);

        // Each stored write is audited as the import's commit, with its versions.
        var audited = (await registry.AuditEventsAsync("import.commit", siteId)).Where(e => e.GetProperty("caseId").ValueKind == JsonValueKind.String).ToList();
        Assert.Equal(
            [(cases[2].CaseId, 0, 1), (changed.CaseId, 1, 2)],
            audited.Select(e => (e.GetProperty("caseId").GetString()!, e.GetProperty("versionBefore").GetInt32(), e.GetProperty("versionAfter").GetInt32())).OrderBy(e => e.Item3));

        // Committing again changes nothing and writes nothing.
        var (again, againResult) = await researcher.CommitAsync(siteId, importId, skipRefused: true);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(outcomes.ToString(), againResult.GetProperty("outcomes").ToString());
        Assert.Equal(CaseJson.Serialize(changed), await StoredDocumentAsync(researcher, siteId, changed.CaseId, expectedVersion: 2));
        Assert.Equal(2, (await registry.AuditEventsAsync("import.commit", siteId)).Count(e => e.GetProperty("caseId").ValueKind == JsonValueKind.String));
    }

    [Fact]
    public async Task A_case_changed_after_the_preview_is_reported_and_not_overwritten()
    {
        var (siteId, _, researcher) = await registry.NewSiteWithResearcherAsync("race");
        var original = Cohort(1, seed: 31)[0];
        await BulkRegistry.PutAllAsync(researcher, siteId, [original]);
        var imported = original with { LastFollowUpDay = original.LastFollowUpDay + 1 };
        var (_, preview) = await researcher.StageAsync(siteId, Uploads.Ndjson([imported, ContractExample.Document]), "application/x-ndjson");

        var meanwhile = original with { LastFollowUpDay = original.LastFollowUpDay + 2 };
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/sites/{siteId}/cases/{original.CaseId}") { Content = new StringContent(CaseJson.Serialize(meanwhile), Encoding.UTF8, "application/json") })
        {
            put.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            Assert.Equal(HttpStatusCode.OK, (await researcher.SendAsync(put)).StatusCode);
        }

        await BulkRegistry.PutAllAsync(researcher, siteId, [ContractExample.Document with { LastFollowUpDay = 800 }]);
        var (_, result) = await researcher.CommitAsync(siteId, preview.GetProperty("importId").GetString()!);

        Assert.Equal(2, result.GetProperty("outcomes").GetProperty("changedSincePreview").GetInt32());
        Assert.Equal(CaseJson.Serialize(meanwhile), await StoredDocumentAsync(researcher, siteId, original.CaseId, expectedVersion: 2));
        Assert.Equal(CaseJson.Serialize(ContractExample.Document with { LastFollowUpDay = 800 }), await StoredDocumentAsync(researcher, siteId, "MAYO-0001", expectedVersion: 1));
    }

    [Fact]
    public async Task A_bundle_with_an_unknown_column_or_a_missing_file_is_refused_whole_naming_each_fault_and_nothing_is_staged()
    {
        var (siteId, _, researcher) = await registry.NewSiteWithResearcherAsync("badzip");
        var zip = await Uploads.ZipAsync(Cohort(3, seed: 41));
        var broken = Rewrite(zip, entries =>
        {
            entries.Remove("labs.csv");
            entries["lesions.csv"] = entries["lesions.csv"].Replace("body_site", "bodysite", StringComparison.Ordinal);
        });

        var (response, problem) = await researcher.StageAsync(siteId, broken, "application/zip");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var faults = problem.GetProperty("faults").EnumerateArray().Select(f => (f.GetProperty("file").GetString(), f.GetProperty("column").GetString())).ToList();
        Assert.Contains(("labs.csv", null), faults);
        Assert.Contains(("lesions.csv", "bodysite"), faults);
        Assert.Contains(("lesions.csv", "body_site"), faults);
        Assert.Equal(faults.Count, problem.GetProperty("errors").GetArrayLength());
        using var list = await researcher.GetAsync($"/api/sites/{siteId}/cases");
        Assert.Equal(0, (await list.Content.ReadFromJsonElementAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_whole_and_a_csv_file_sent_alone_has_every_line_refused()
    {
        var (siteId, _, researcher) = await registry.NewSiteWithResearcherAsync("bomb");
        using var bomb = new MemoryStream();
        using (var archive = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("cases.csv", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 64; i++)
            {
                entry.Write(zeros);
            }
        }

        var (bombResponse, bombProblem) = await researcher.StageAsync(siteId, bomb.ToArray(), "application/zip");
        var (textResponse, textProblem) = await researcher.StageAsync(siteId, Encoding.UTF8.GetBytes("case_id,sex\nA,female\n"), "text/csv");

        Assert.Equal(HttpStatusCode.BadRequest, bombResponse.StatusCode);
        Assert.Contains("zip bomb", bombProblem.GetProperty("faults")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, textResponse.StatusCode);
        // Anything that is not a zip is read as NDJSON: each of the two lines is refused as not being JSON.
        Assert.Equal(2, textProblem.GetProperty("preview").GetProperty("refused").GetInt32());
        Assert.All(textProblem.GetProperty("faults").EnumerateArray(), f => Assert.Contains("not well-formed JSON", f.GetProperty("message").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_sites_researcher_can_neither_stage_nor_read_nor_commit_an_import()
    {
        var (siteId, _, researcher) = await registry.NewSiteWithResearcherAsync("own");
        var (_, _, stranger) = await registry.NewSiteWithResearcherAsync("stranger");
        var (_, preview) = await researcher.StageAsync(siteId, Uploads.Ndjson(Cohort(2, seed: 51)), "application/x-ndjson");
        var importId = preview.GetProperty("importId").GetString()!;

        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.StageAsync(siteId, Uploads.Ndjson(Cohort(1, seed: 52)), "application/x-ndjson")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetImportAsync(siteId, importId)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.CommitAsync(siteId, importId)).Response.StatusCode);
        var (_, status) = await researcher.GetImportAsync(siteId, importId, "?offset=1&limit=1");
        Assert.Equal("staged", status.GetProperty("phase").GetString());
        Assert.Single(status.GetProperty("cases").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await researcher.GetImportAsync(siteId, "imp-doesnotexist")).Response.StatusCode);
    }

    [Fact]
    public async Task Cases_and_faults_are_paged_in_upload_order_before_and_after_the_commit()
    {
        var (siteId, _, researcher) = await registry.NewSiteWithResearcherAsync("pages");
        var documents = Cohort(2500, seed: 72).Select((d, i) => i % 100 == 7 ? d with { LastFollowUpDay = -1 } : d).ToList();
        var refusedIds = documents.Where((_, i) => i % 100 == 7).Select(d => d.CaseId).ToList();
        var (_, preview) = await researcher.StageAsync(siteId, Uploads.Ndjson(documents), "application/x-ndjson");
        var importId = preview.GetProperty("importId").GetString()!;
        Assert.Equal((2500, 25), (preview.GetProperty("total").GetInt32(), preview.GetProperty("preview").GetProperty("refused").GetInt32()));

        var (_, middle) = await researcher.GetImportAsync(siteId, importId, "?offset=1000&limit=1000");
        Assert.Equal(documents.Skip(1000).Take(1000).Select(d => d.CaseId), middle.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("caseId").GetString()));
        var (_, tail) = await researcher.GetImportAsync(siteId, importId, "?offset=2400&limit=1000");
        Assert.Equal(100, tail.GetProperty("cases").GetArrayLength());
        var (_, faults) = await researcher.GetImportAsync(siteId, importId, "?offset=0&limit=1000");
        Assert.Equal(faults.GetProperty("faultCount").GetInt32(), faults.GetProperty("faults").GetArrayLength());
        Assert.Equal(refusedIds, faults.GetProperty("faults").EnumerateArray().Select(f => f.GetProperty("caseId").GetString()).Distinct());

        var (committed, _) = await researcher.CommitAsync(siteId, importId, skipRefused: true);
        Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
        var (_, after) = await researcher.GetImportAsync(siteId, importId, "?offset=0&limit=200");
        var outcomes = after.GetProperty("cases").EnumerateArray()
            .Select(c => (c.GetProperty("caseId").GetString()!, c.GetProperty("outcome").GetString()!, c.GetProperty("versionAfter").ValueKind == JsonValueKind.Number ? c.GetProperty("versionAfter").GetInt32() : 0));
        Assert.Equal(documents.Take(200).Select(d => (d.CaseId, refusedIds.Contains(d.CaseId) ? "skipped" : "created", refusedIds.Contains(d.CaseId) ? 0 : 1)), outcomes);
    }

    [Fact]
    public async Task An_import_past_its_expiry_is_forgotten_and_cannot_be_committed()
    {
        var (siteId, _, researcher) = await registry.NewSiteWithResearcherAsync("expiry");
        var cases = Cohort(2, seed: 71);
        var (_, preview) = await researcher.StageAsync(siteId, Uploads.Ndjson(cases), "application/x-ndjson");
        var importId = preview.GetProperty("importId").GetString()!;
        var expiresAt = preview.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromHours(24), expiresAt - preview.GetProperty("createdAt").GetDateTimeOffset());

        registry.Factory.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.NotFound, (await researcher.GetImportAsync(siteId, importId)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await researcher.CommitAsync(siteId, importId)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await researcher.GetAsync($"/api/sites/{siteId}/cases/{cases[0].CaseId}")).StatusCode);
    }

    private static byte[] Rewrite(byte[] zip, Action<Dictionary<string, string>> change)
    {
        var entries = new Dictionary<string, string>();
        using (var archive = new ZipArchive(new MemoryStream(zip)))
        {
            foreach (var entry in archive.Entries)
            {
                using var reader = new StreamReader(entry.Open());
                entries[entry.FullName] = reader.ReadToEnd();
            }
        }

        change(entries);
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write(text);
            }
        }

        return output.ToArray();
    }

    private static async Task<string> ExportNdjsonAsync(HttpClient researcher, string siteId)
    {
        using var response = await researcher.GetAsync($"/api/sites/{siteId}/export?format=ndjson");
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<string> StoredDocumentAsync(HttpClient researcher, string siteId, string caseId, int expectedVersion)
    {
        using var response = await researcher.GetAsync($"/api/sites/{siteId}/cases/{caseId}");
        var body = await response.Content.ReadFromJsonElementAsync();
        Assert.Equal(expectedVersion, body.GetProperty("version").GetInt32());
        return body.GetProperty("document").GetRawText();
    }

    /// <summary>The site's exact statistics (as the admin reads them) once they cover <paramref name="cases"/> cases, without the computation time.</summary>
    private async Task<string> StatisticsAsync(string siteId, int cases)
    {
        string? statistics = null;
        await Eventually.SucceedsAsync(async () =>
        {
            using var response = await registry.Admin.GetAsync($"/api/statistics?site={siteId}");
            var body = await response.Content.ReadFromJsonElementAsync();
            if (body.GetProperty("casesIncluded").GetInt32() != cases)
            {
                return $"casesIncluded is {body.GetProperty("casesIncluded")}";
            }

            statistics = body.GetProperty("types").GetRawText() + body.GetProperty("allTypes").GetRawText();
            return null;
        }, $"the statistics of {siteId} to cover {cases} cases");
        return statistics!;
    }
}
