using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CalcinosisRegistry.Bulk.Tests.Infrastructure;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;
using CalcinosisRegistry.Interchange;
using CalcinosisRegistry.Interchange.Csv;

namespace CalcinosisRegistry.Bulk.Tests.Export;

public sealed class ExportTests(BulkRegistry registry) : IClassFixture<BulkRegistry>
{
    private static List<CaseDocument> Cohort(int count, int seed) =>
        [.. SyntheticCohort.Generate(count, seed).Select(c => c.Document)];

    [Fact]
    public async Task Ndjson_export_holds_each_live_case_as_stored_in_case_id_order_and_is_audited_with_what_it_covered()
    {
        var (siteId, _, researcher) = await registry.NewSiteWithResearcherAsync("exp-nd");
        var cohort = Cohort(12, seed: 11);
        await BulkRegistry.PutAllAsync(researcher, siteId, cohort);
        using (var withdrawn = new HttpRequestMessage(HttpMethod.Delete, $"/api/sites/{siteId}/cases/{cohort[3].CaseId}"))
        {
            withdrawn.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            Assert.Equal(HttpStatusCode.NoContent, (await researcher.SendAsync(withdrawn)).StatusCode);
        }

        using var response = await researcher.GetAsync($"/api/sites/{siteId}/export?format=ndjson");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var expected = cohort.Where((_, i) => i != 3).OrderBy(d => d.CaseId, StringComparer.Ordinal).ToList();
        var lines = Encoding.UTF8.GetString(bytes).TrimEnd('\n').Split('\n');
        Assert.Equal(expected.Select(CaseJson.Serialize), lines);

        var audit = Assert.Single(await registry.AuditEventsAsync("site.export", siteId));
        Assert.Equal($"r-{siteId}", audit.GetProperty("actor").GetString());
        Assert.Equal(200, audit.GetProperty("status").GetInt32());
        Assert.Equal(
            $"export format=ndjson cases=11 first={expected[0].CaseId} last={expected[^1].CaseId} sha256={Convert.ToHexStringLower(SHA256.HashData(bytes))}",
            audit.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Csv_export_is_a_zipped_bundle_with_its_data_dictionary_that_reads_back_to_the_stored_cases()
    {
        var (siteId, _, researcher) = await registry.NewSiteWithResearcherAsync("exp-csv");
        var cohort = Cohort(20, seed: 12);
        await BulkRegistry.PutAllAsync(researcher, siteId, cohort);

        using var response = await researcher.GetAsync($"/api/sites/{siteId}/export?format=csv");
        var zipBytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{siteId}.zip", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        using var zip = new ZipBundleSource(new MemoryStream(zipBytes), 100 * 1024 * 1024);
        Assert.Equal(
            ["assessments.csv", "cases.csv", "data-dictionary.csv", "labs.csv", "lesions.csv", "observations.csv", "recurrences.csv", "treatments.csv"],
            zip.FileNames.Order(StringComparer.Ordinal));
        var read = CsvBundleReader.Read(zip, DateTime.UtcNow.Year);
        Assert.Empty(read.BundleFaults);
        Assert.Equal(
            cohort.OrderBy(d => d.CaseId, StringComparer.Ordinal).Select(CaseJson.Serialize),
            read.Cases.Select(c => CaseJson.Serialize(c.Document!)));
    }

    [Fact]
    public async Task Fhir_export_is_one_r4_collection_bundle_per_case_with_its_pseudonymous_patient()
    {
        var (siteId, _, researcher) = await registry.NewSiteWithResearcherAsync("exp-fhir");
        var cohort = Cohort(5, seed: 14);
        await BulkRegistry.PutAllAsync(researcher, siteId, cohort);

        using var response = await researcher.GetAsync($"/api/sites/{siteId}/export?format=fhir");
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');

        Assert.Equal("application/fhir+ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(cohort.Select(d => d.CaseId).Order(StringComparer.Ordinal), lines.Select(line =>
        {
            using var bundle = JsonDocument.Parse(line);
            Assert.Equal("Bundle", bundle.RootElement.GetProperty("resourceType").GetString());
            Assert.Equal("collection", bundle.RootElement.GetProperty("type").GetString());
            var patient = bundle.RootElement.GetProperty("entry")[0].GetProperty("resource");
            Assert.Equal("Patient", patient.GetProperty("resourceType").GetString());
            var identifier = Assert.Single(patient.GetProperty("identifier").EnumerateArray());
            Assert.Equal($"https://calcinosis-registry.example/fhir/sites/{siteId}/case-id", identifier.GetProperty("system").GetString());
            return identifier.GetProperty("value").GetString()!;
        }));
    }

    [Fact]
    public async Task An_empty_site_exports_headers_only()
    {
        var (siteId, _, researcher) = await registry.NewSiteWithResearcherAsync("exp-empty");

        using var ndjson = await researcher.GetAsync($"/api/sites/{siteId}/export?format=ndjson");
        using var csv = await researcher.GetAsync($"/api/sites/{siteId}/export");

        Assert.Equal(HttpStatusCode.OK, ndjson.StatusCode);
        Assert.Empty(await ndjson.Content.ReadAsByteArrayAsync());
        using var zip = new ZipArchive(new MemoryStream(await csv.Content.ReadAsByteArrayAsync()));
        using var cases = new StreamReader(zip.GetEntry("cases.csv")!.Open());
        Assert.Equal("case_id,sex,age_at_onset_years,diagnosis_year,calcinosis_type,underlying_conditions,diagnostic_methods,last_follow_up_day\r\n", await cases.ReadToEndAsync());
    }

    [Fact]
    public async Task Another_sites_researcher_an_analyst_and_a_bad_format_are_refused_and_nothing_is_exported()
    {
        var (siteId, _, researcher) = await registry.NewSiteWithResearcherAsync("exp-own");
        var (_, _, stranger) = await registry.NewSiteWithResearcherAsync("exp-other");
        using var analyst = registry.ClientWith(await registry.NewAnalystTokenAsync());
        await BulkRegistry.PutAllAsync(researcher, siteId, Cohort(2, seed: 13));

        using var fromStranger = await stranger.GetAsync($"/api/sites/{siteId}/export?format=ndjson");
        using var fromAnalyst = await analyst.GetAsync($"/api/sites/{siteId}/export?format=ndjson");
        using var badFormat = await researcher.GetAsync($"/api/sites/{siteId}/export?format=xlsx");

        Assert.Equal(HttpStatusCode.NotFound, fromStranger.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, fromAnalyst.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
        using var problem = JsonDocument.Parse(await badFormat.Content.ReadAsStringAsync());
        Assert.Equal("format", Assert.Single(problem.RootElement.GetProperty("errors").EnumerateArray()).GetProperty("path").GetString());
        var audited = await registry.AuditEventsAsync("site.export", siteId);
        Assert.Equal([404, 403, 400], audited.Select(e => e.GetProperty("status").GetInt32()));
        Assert.All(audited, e => Assert.False(e.GetProperty("detail").GetString()?.StartsWith("export", StringComparison.Ordinal) == true));
    }
}
