using System.Net;
using CalcinosisRegistry.Bulk.Tests.Formats;
using CalcinosisRegistry.Bulk.Tests.Infrastructure;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;
using CalcinosisRegistry.Interchange.Csv;

namespace CalcinosisRegistry.Bulk.Tests.Cli;

public sealed class CalcregTests(CliRegistry host) : IClassFixture<CliRegistry>
{
    private static List<CaseDocument> Cohort(int count, int seed) => [.. SyntheticCohort.Generate(count, seed).Select(c => c.Document)];

    [Fact]
    public async Task Import_of_a_bundle_folder_shows_the_preview_commits_with_progress_lines_and_stores_every_case()
    {
        var (siteId, token, researcher) = await host.Registry.NewSiteWithResearcherAsync("cli-imp");
        var cases = Cohort(1200, seed: 61);
        var folder = Directory.CreateTempSubdirectory("calcreg-tests-").FullName;
        await CsvBundleArchive.WriteFolderAsync(cases.ToAsyncEnumerable(), folder, CancellationToken.None);

        var (exitCode, output) = await host.RunAsync(token, "import", siteId, folder, "--yes");

        Assert.True(exitCode == 0, output);
        Assert.Contains("1200 cases", output, StringComparison.Ordinal);
        Assert.Matches(@"new\s.*changed\s.*unchanged\s.*refused", output);
        Assert.Contains("Committing: 1200/1200 cases (100%", output, StringComparison.Ordinal);
        Assert.Contains("created", output, StringComparison.Ordinal);
        using var list = await researcher.GetAsync($"/api/sites/{siteId}/cases?limit=1");
        Assert.Equal(1200, (await list.Content.ReadFromJsonElementAsync()).GetProperty("total").GetInt32());
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_refused_case_or_a_missing_confirmation_exits_non_zero_and_stores_nothing()
    {
        var (siteId, token, researcher) = await host.Registry.NewSiteWithResearcherAsync("cli-ref");
        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, Uploads.Ndjson([.. Cohort(2, seed: 62), ContractExample.Document with { LastFollowUpDay = 5 }]));

        var (refusedExit, refusedOutput) = await host.RunAsync(token, "import", siteId, file, "--yes");
        await File.WriteAllBytesAsync(file, Uploads.Ndjson(Cohort(2, seed: 63)));
        var (unconfirmedExit, unconfirmedOutput) = await host.RunAsync(token, "import", siteId, file);

        Assert.Equal(2, refusedExit);
        Assert.Contains("lastFollowUpDay", refusedOutput, StringComparison.Ordinal);
        Assert.Contains("refused", refusedOutput, StringComparison.Ordinal);
        Assert.Equal(3, unconfirmedExit);
        Assert.Contains("--yes", unconfirmedOutput, StringComparison.Ordinal);
        using var list = await researcher.GetAsync($"/api/sites/{siteId}/cases?limit=1");
        Assert.Equal(0, (await list.Content.ReadFromJsonElementAsync()).GetProperty("total").GetInt32());
        File.Delete(file);
    }

    [Fact]
    public async Task Export_writes_what_the_api_serves_and_template_writes_an_empty_bundle_with_its_dictionary()
    {
        var (siteId, token, researcher) = await host.Registry.NewSiteWithResearcherAsync("cli-exp");
        await BulkRegistry.PutAllAsync(researcher, siteId, Cohort(4, seed: 64));
        var target = Path.Combine(Path.GetTempPath(), $"calcreg-tests-{Guid.NewGuid():N}.ndjson");
        var folder = Path.Combine(Path.GetTempPath(), $"calcreg-template-{Guid.NewGuid():N}");

        var (exportExit, exportOutput) = await host.RunAsync(token, "export", siteId, "--format", "ndjson", "--output", target);
        var (templateExit, _) = await host.RunAsync(null, "template", folder);

        Assert.True(exportExit == 0, exportOutput);
        using var api = await researcher.GetAsync($"/api/sites/{siteId}/export?format=ndjson");
        Assert.Equal(await api.Content.ReadAsStringAsync(), await File.ReadAllTextAsync(target));
        Assert.Equal(0, templateExit);
        Assert.Equal(
            ["assessments.csv", "cases.csv", "data-dictionary.csv", "labs.csv", "lesions.csv", "observations.csv", "recurrences.csv", "treatments.csv"],
            Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("case_id,lesion_id,body_site,laterality,morphology,first_seen_day", (await File.ReadAllLinesAsync(Path.Combine(folder, "lesions.csv"))).Single());
        File.Delete(target);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Stats_csv_is_the_servers_tidy_csv_per_type_with_its_disclosure_and_a_bad_token_is_told_as_a_sentence()
    {
        var (siteId, token, researcher) = await host.Registry.NewSiteWithResearcherAsync("cli-stats");
        await BulkRegistry.PutAllAsync(researcher, siteId, Cohort(20, seed: 65));

        var (statsExit, stats) = await host.RunAsync(token, "stats", "dystrophic", "--format", "csv");
        var (allExit, all) = await host.RunAsync(token, "stats", "--format", "csv");
        var (badExit, bad) = await host.RunAsync("crt_nope_nope", "stats");

        Assert.True(statsExit == 0, stats);
        var lines = stats.TrimEnd().Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        Assert.Equal("type,section,group,field,day,value,lower,upper,atRisk,events,censored,disclosure,roundTo", lines[0]);
        Assert.All(lines.Skip(1), line => Assert.StartsWith("dystrophic,", line, StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("dystrophic,class,all,courses,", StringComparison.Ordinal));
        // A researcher reads disclosure-controlled statistics: every row names the method the JSON names.
        using var published = await researcher.GetAsync("/api/statistics/types/dystrophic?curve=false");
        var disclosure = (await published.Content.ReadFromJsonElementAsync()).GetProperty("disclosure").GetString();
        Assert.NotEqual("exact", disclosure);
        Assert.All(lines.Skip(1), line => Assert.Equal(disclosure, line.Split(',')[^2]));
        Assert.True(allExit == 0, all);
        Assert.Equal(
            ["all", "dystrophic", "iatrogenic", "idiopathic", "metastatic"],
            all.TrimEnd().Split('\n').Skip(1).Select(line => line.Split(',')[0]).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(1, badExit);
        Assert.Contains($"{(int)HttpStatusCode.Unauthorized}", bad, StringComparison.Ordinal);
        Assert.Contains("CALCREG_TOKEN", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_prints_the_servers_comparison_as_a_table_json_or_tidy_csv_and_tells_a_bad_request()
    {
        var (siteId, _, researcher) = await host.Registry.NewSiteWithResearcherAsync("cli-an");
        var cohort = Cohort(30, seed: 66);
        await BulkRegistry.PutAllAsync(researcher, siteId, cohort);
        var body = $$"""{"filter":{"sites":["{{siteId}}"]},"compare":"treatment-class"}""";
        var admin = BulkRegistryFactory.BootstrapAdminToken;
        // Statistics are eventually consistent: wait until the analysis covers every case (exact for an admin).
        var expected = await PollAnalysisAsync(body, result => result.GetProperty("casesIncluded").GetInt32() == cohort.Count);

        var (jsonExit, json) = await host.RunAsync(admin, "analyze", "--site", siteId, "--compare", "treatment-class", "--format", "json");
        var (csvExit, csv) = await host.RunAsync(admin, "analyze", "--site", siteId, "--compare", "treatment-class", "--format", "csv");
        var (tableExit, table) = await host.RunAsync(admin, "analyze", "--site", siteId, "--compare", "treatment-class");
        var (badExit, bad) = await host.RunAsync(admin, "analyze", "--compare", "colour");

        Assert.True(jsonExit == 0, json);
        var printed = System.Text.Json.JsonDocument.Parse(json).RootElement;
        Assert.Equal(expected.GetRawText(), printed.GetRawText());
        // Every course of the cohort is in exactly one class group.
        Assert.Equal(cohort.Sum(c => c.Treatments.Count), printed.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("courses").GetInt32()));
        Assert.True(csvExit == 0, csv);
        using var serverCsv = new HttpRequestMessage(HttpMethod.Post, "/api/analyses?format=csv") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        using var adminClient = host.Registry.ClientWith(admin);
        using var served = await adminClient.SendAsync(serverCsv);
        Assert.Equal(await served.Content.ReadAsStringAsync(), csv);
        Assert.StartsWith("section,group,field,", csv, StringComparison.Ordinal);
        Assert.True(tableExit == 0, table);
        Assert.Contains($"{cohort.Count} cases", table, StringComparison.Ordinal);
        Assert.All(printed.GetProperty("groups").EnumerateArray(), group => Assert.Contains(group.GetProperty("key").GetString()!, table, StringComparison.Ordinal));
        Assert.Contains("log-rank", table, StringComparison.Ordinal);
        Assert.Equal(1, badExit);
        Assert.Contains("400", bad, StringComparison.Ordinal);
        Assert.Contains("compare", bad, StringComparison.Ordinal);
    }

    private async Task<System.Text.Json.JsonElement> PollAnalysisAsync(string body, Func<System.Text.Json.JsonElement, bool> done)
    {
        using var admin = host.Registry.ClientWith(BulkRegistryFactory.BootstrapAdminToken);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            using var response = await admin.PostAsync("/api/analyses", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            var result = await response.Content.ReadFromJsonElementAsync();
            if (done(result) || DateTime.UtcNow > deadline)
            {
                Assert.True(done(result), $"the analysis did not cover the cohort in time: {result}");
                return result;
            }

            await Task.Delay(100);
        }
    }
}
