using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;
using CalcinosisRegistry.Interchange.Csv;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// Scenarios import, import-memory and import-durable (issue 18). <c>import</c>: a CSV bundle of the largest
/// --cases size (default 100,000) staged and committed against the embedded silo over HTTP. <c>import-memory</c>:
/// a 1,000,000-case NDJSON file (or --cases) staged against the embedded silo, its peak resident memory growth;
/// <c>import-memory-csv</c> the same for a zipped CSV bundle.
/// <c>import-durable</c>: a silo on PostgreSQL, its per-case PUT rate measured first, then the CSV bundle imported.
/// </summary>
public sealed class ImportScenario(BenchmarkOptions options, BenchmarkReport report)
{
    private const double FloorCasesPerSecond = 3_000;
    private const double FloorDurableRatio = 0.5;
    private const long FloorMemoryGrowthMiB = 300;
    private const int DefaultMemoryCases = 1_000_000;
    private const string SiteId = "bench-import";

    public async Task RunEmbeddedAsync(CancellationToken cancellationToken)
    {
        var count = options.Cases.Max();
        var zip = await BundleAsync(count, cancellationToken);
        try
        {
            using var http = Http();
            await using var silo = await SiloLauncher.StartAsync(options, "embedded", connectionString: null, http, cancellationToken);
            var run = await ImportAsync(http, silo, zip, "application/zip", commit: true, cancellationToken);
            var perSecond = run.Created / (run.Stage + run.Commit).TotalSeconds;
            var table = new ResultTable("Import: embedded in-memory silo, one CSV bundle staged and committed over HTTP",
                "cases", "stage s", "commit s", "commit cases/s", "cases/s (stage+commit)", "silo CPU µs/case stage", "commit", "peak RSS growth after stage MiB", "after commit MiB", "floor ≥ 3,000/s");
            table.AddRow(
                Format.Count(count), Format.Seconds(run.Stage), Format.Seconds(run.Commit), Format.Rate(run.Created / run.Commit.TotalSeconds), Format.Rate(perSecond),
                Format.Count((long)(run.StageCpu.TotalMicroseconds / count)), Format.Count((long)(run.CommitCpu.TotalMicroseconds / count)),
                Format.Count(run.StagedPeakMiB - run.BaselineMiB), Format.Count(run.CommittedPeakMiB - run.BaselineMiB),
                Format.Verdict(perSecond >= FloorCasesPerSecond && run.Created == count));
            Report(table, $"{run.Created} cases created. Stage = upload, CSV read, validation, preview and staging (scratch-file spool); commit = every case written through its case grain as a PUT (versions, audit, statistics). Peak RSS is the silo's VmHWM ({run.BaselineMiB} MiB before the upload); after the commit it includes the {count:N0} case grains and their in-memory storage, which any way of writing them costs.");
        }
        finally
        {
            File.Delete(zip);
        }
    }

    public async Task RunMemoryAsync(bool csv, CancellationToken cancellationToken)
    {
        var count = options.CasesGiven ? options.Cases.Max() : DefaultMemoryCases;
        var file = csv ? await BundleAsync(count, cancellationToken) : await NdjsonAsync(count);
        try
        {
            var size = new FileInfo(file).Length;
            using var http = Http();
            var environment = new Dictionary<string, string>(options.SiloEnvironment, StringComparer.Ordinal)
            {
                ["Registry__Bulk__MaxUploadBytes"] = (size + (1 << 20)).ToString(CultureInfo.InvariantCulture),
                // A zipped bundle expands about ten times; the bomb guard's default (4 × the upload limit) is for real uploads.
                ["Registry__Bulk__MaxExpandedBytes"] = (32 * size).ToString(CultureInfo.InvariantCulture),
            };
            await using var silo = await SiloLauncher.StartAsync(options, "embedded", connectionString: null, http, cancellationToken, environment);
            var run = await ImportAsync(http, silo, file, csv ? "application/zip" : "application/x-ndjson", commit: false, cancellationToken);
            var growth = run.StagedPeakMiB - run.BaselineMiB;
            var what = csv ? "zipped CSV bundle" : "NDJSON file";
            var table = new ResultTable($"Import memory: embedded silo, one {what} staged over HTTP",
                "cases", "file MiB", "stage s", "cases/s", "silo peak RSS growth MiB", "floor < 300 MiB");
            table.AddRow(Format.Count(count), Format.Count(size / 1024 / 1024), Format.Seconds(run.Stage), Format.Rate(run.Staged / run.Stage.TotalSeconds),
                Format.Count(growth), Format.Verdict(growth < FloorMemoryGrowthMiB && run.Staged == count));
            Report(table, $"{run.Staged} cases staged (streamed upload, {(csv ? "rows spilled to disk by case and joined a chunk of cases at a time" : "read a chunk of lines at a time")}, validation, preview, staged in the scratch-file spool), then a page of cases and faults read back. Peak RSS is the silo's VmHWM before the upload ({run.BaselineMiB} MiB) and after staging. The commit is not part of this figure: it activates a case grain per case, as a PUT per case would.");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> NdjsonAsync(int count)
    {
        var ndjson = Path.Combine(Path.GetTempPath(), $"bench-import-{Guid.NewGuid():N}.ndjson");
        var built = Stopwatch.StartNew();
        await using (var writer = new StreamWriter(ndjson, append: false, new UTF8Encoding(false), 1 << 20))
        {
            foreach (var item in SyntheticCohort.Generate(count, seed: 18, sites: [SiteId]))
            {
                await writer.WriteAsync(CaseJson.Serialize(item.Document) + "\n");
            }
        }

        BenchmarkReport.Progress($"wrote a {count}-case NDJSON file ({new FileInfo(ndjson).Length / 1024 / 1024} MiB) in {Format.Seconds(built.Elapsed)}");
        return ndjson;
    }

    public async Task RunDurableAsync(CancellationToken cancellationToken)
    {
        var count = options.Cases.Max();
        var zip = await BundleAsync(count, cancellationToken);
        try
        {
            await using var databases = new PostgresDatabases(options.Postgres, options.KeepDatabases);
            var database = await databases.CreateAsync("import", cancellationToken);
            var durability = await databases.DurabilityNoteAsync(cancellationToken);
            using var http = Http();
            await using var silo = await SiloLauncher.StartAsync(options, "durable", database, http, cancellationToken);
            var puts = await WriteLoad.MeasureCreatesAsync(http, new CasePayloadFactory(seed: 5), [silo.BaseAddress], options.Clients,
                options.WarmupOr(60), options.DurationOr(30), "durable per-case PUT", cancellationToken, () => silo.CpuTime);
            var run = await ImportAsync(http, silo, zip, "application/zip", commit: true, cancellationToken);
            var perSecond = run.Created / (run.Stage + run.Commit).TotalSeconds;
            var ratio = perSecond / puts.PerSecond;
            var table = new ResultTable("Import: silo on PostgreSQL, one CSV bundle staged and committed over HTTP, against the same silo's per-case PUT rate",
                "cases", "stage s", "commit s", "commit cases/s", "cases/s (stage+commit)", $"PUT writes/s ({options.Clients} clients)", "ratio", "floor ≥ 0.5");
            table.AddRow(Format.Count(count), Format.Seconds(run.Stage), Format.Seconds(run.Commit), Format.Rate(run.Created / run.Commit.TotalSeconds),
                Format.Rate(perSecond), Format.Rate(puts.PerSecond), Format.Ratio(ratio), Format.Verdict(ratio >= FloorDurableRatio && run.Created == count));
            table.AddNote($"The PUT rate: new cases created with one PUT each at {options.Clients} clients, {options.WarmupOr(60).TotalSeconds:0} s warm-up, {options.DurationOr(30).TotalSeconds:0} s measured, just before the import on the same silo and database. The import is staged in PostgreSQL (COPY into import_staged_case) and each case is written through its case grain as a PUT (state, history, audit and index rows in PostgreSQL).");
            table.AddNote(durability);
            Report(table);
        }
        finally
        {
            File.Delete(zip);
        }
    }

    private static HttpClient Http()
    {
        var http = BenchmarkHttp.Create(64);
        http.Timeout = TimeSpan.FromHours(2);
        return http;
    }

    private static async Task<string> BundleAsync(int count, CancellationToken cancellationToken)
    {
        var zip = Path.Combine(Path.GetTempPath(), $"bench-import-{Guid.NewGuid():N}.zip");
        var built = Stopwatch.StartNew();
        await CsvBundleArchive.WriteZipFileAsync(
            SyntheticCohort.Generate(count, seed: 18, sites: [SiteId]).Select(c => c.Document).ToAsyncEnumerable(), zip, cancellationToken);
        BenchmarkReport.Progress($"built a {count}-case bundle ({new FileInfo(zip).Length / 1024 / 1024} MiB zipped) in {Format.Seconds(built.Elapsed)}");
        return zip;
    }

    private static async Task<ImportRun> ImportAsync(HttpClient http, SiloProcess silo, string file, string mediaType, bool commit, CancellationToken cancellationToken)
    {
        var baseline = PeakResidentMiB(silo.ProcessId);
        var cpuBefore = silo.CpuTime;
        var stage = Stopwatch.StartNew();
        JsonElement staged;
        await using (var body = File.OpenRead(file))
        {
            var content = new StreamContent(body, 1 << 16);
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            staged = await ReadAsync(await http.PostAsync(new Uri(silo.BaseAddress, $"/api/sites/{SiteId}/imports"), content, cancellationToken), cancellationToken);
        }

        stage.Stop();
        var stageCpu = silo.CpuTime - cpuBefore;
        var importId = staged.GetProperty("importId").GetString()!;
        var total = staged.GetProperty("total").GetInt32();
        BenchmarkReport.Progress($"staged {total} cases in {Format.Seconds(stage.Elapsed)}");
        // A page from the middle, as a user paging the preview would read it.
        await ReadAsync(await http.GetAsync(new Uri(silo.BaseAddress, $"/api/sites/{SiteId}/imports/{importId}?offset={total / 2}&limit=1000"), cancellationToken), cancellationToken);
        var stagedPeak = PeakResidentMiB(silo.ProcessId);
        if (!commit)
        {
            return new ImportRun(total, 0, stage.Elapsed, TimeSpan.Zero, stageCpu, TimeSpan.Zero, baseline, stagedPeak, stagedPeak);
        }

        cpuBefore = silo.CpuTime;
        var committing = Stopwatch.StartNew();
        var committed = await ReadAsync(await http.PostAsync(new Uri(silo.BaseAddress, $"/api/sites/{SiteId}/imports/{importId}/commit"), null, cancellationToken), cancellationToken);
        committing.Stop();
        var commitCpu = silo.CpuTime - cpuBefore;
        var created = committed.GetProperty("outcomes").GetProperty("created").GetInt32();
        BenchmarkReport.Progress($"committed {created} cases in {Format.Seconds(committing.Elapsed)}");
        return new ImportRun(total, created, stage.Elapsed, committing.Elapsed, stageCpu, commitCpu, baseline, stagedPeak, PeakResidentMiB(silo.ProcessId));
    }

    /// <summary>Adds the table to the report with its notes and, last, the load average the run ended at.</summary>
    private void Report(ResultTable table, params string[] notes)
    {
        foreach (var note in notes)
        {
            table.AddNote(note);
        }

        table.AddNote(LoadNote());
        report.Add(table);
    }

    private static string LoadNote() =>
        $"Load average when the run ended (uptime): {File.ReadAllText("/proc/loadavg").Trim()} on {Environment.ProcessorCount} logical CPUs; the machine is shared, so rates are inflated by whatever else ran.";

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
