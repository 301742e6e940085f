using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using CalcinosisRegistry.Domain.Synthetic;
using CalcinosisRegistry.Interchange.Csv;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// Scenario import (issue 18): a CSV bundle of the largest --cases size (default 100,000 cases) staged and committed against the embedded
/// silo over HTTP; cases/s over staging plus commit, and the silo's peak resident memory (VmHWM) growth.
/// </summary>
public sealed class ImportScenario(BenchmarkOptions options, BenchmarkReport report)
{
    private const double FloorCasesPerSecond = 3_000;
    private const string SiteId = "bench-import";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var count = options.Cases.Max();
        var zip = Path.Combine(Path.GetTempPath(), $"bench-import-{Guid.NewGuid():N}.zip");
        try
        {
            var built = Stopwatch.StartNew();
            await CsvBundleArchive.WriteZipFileAsync(
                SyntheticCohort.Generate(count, seed: 18, sites: [SiteId]).Select(c => c.Document).ToAsyncEnumerable(), zip, cancellationToken);
            BenchmarkReport.Progress($"built a {count}-case bundle ({new FileInfo(zip).Length / 1024 / 1024} MiB zipped) in {Format.Seconds(built.Elapsed)}");

            using var http = BenchmarkHttp.Create(4);
            http.Timeout = TimeSpan.FromMinutes(30);
            await using var silo = await SiloLauncher.StartAsync(options, "embedded", connectionString: null, http, cancellationToken);
            var baseline = PeakResidentMiB(silo.ProcessId);

            var stage = Stopwatch.StartNew();
            JsonElement staged;
            await using (var body = File.OpenRead(zip))
            {
                var content = new StreamContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
                staged = await ReadAsync(await http.PostAsync(new Uri(silo.BaseAddress, $"/api/sites/{SiteId}/imports"), content, cancellationToken), cancellationToken);
            }

            stage.Stop();
            var importId = staged.GetProperty("importId").GetString()!;
            var commit = Stopwatch.StartNew();
            var committed = await ReadAsync(await http.PostAsync(new Uri(silo.BaseAddress, $"/api/sites/{SiteId}/imports/{importId}/commit"), null, cancellationToken), cancellationToken);
            commit.Stop();
            var peak = PeakResidentMiB(silo.ProcessId);
            var created = committed.GetProperty("outcomes").GetProperty("created").GetInt32();
            var perSecond = created / (stage.Elapsed + commit.Elapsed).TotalSeconds;

            var table = new ResultTable("Import: embedded in-memory silo, one CSV bundle staged and committed over HTTP",
                "cases", "stage s", "commit s", "commit cases/s", "cases/s (stage+commit)", "silo peak RSS growth MiB", "floor ≥ 3,000/s");
            table.AddRow(
                count.ToString("N0", CultureInfo.InvariantCulture), Format.Seconds(stage.Elapsed), Format.Seconds(commit.Elapsed),
                Format.Rate(created / commit.Elapsed.TotalSeconds), Format.Rate(perSecond),
                (peak - baseline).ToString("N0", CultureInfo.InvariantCulture),
                Format.Verdict(perSecond >= FloorCasesPerSecond && created == count));
            table.AddNote($"{created} cases created. Stage = upload, CSV read, validation and preview; commit = every case written through its case grain as a PUT (versions, audit, statistics). Peak RSS is the silo's VmHWM before the upload ({baseline} MiB) and after the commit.");
            report.Add(table);
        }
        finally
        {
            File.Delete(zip);
        }
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{(int)response.StatusCode}: {text[..Math.Min(2000, text.Length)]}");
            }

            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
    }

    /// <summary>The process's peak resident set (VmHWM) in MiB, from /proc.</summary>
    private static long PeakResidentMiB(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
