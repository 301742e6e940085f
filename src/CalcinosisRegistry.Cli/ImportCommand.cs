using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text.Json;
using Spectre.Console;

namespace CalcinosisRegistry.Cli;

/// <summary>
/// <c>calcreg import site path</c>: stages the upload, shows the preview, asks (or takes <c>--yes</c>), then commits
/// while polling the import's progress: a live bar in a terminal, one line per step otherwise. Exit codes: 0 done,
/// 1 refused request, 2 refused cases (without <c>--skip-refused</c>), 3 not confirmed.
/// </summary>
public sealed class ImportCommand(RegistryClient client, IAnsiConsole console)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public async Task<int> RunAsync(string site, string path, bool yes, bool skipRefused, CancellationToken cancellationToken)
    {
        var sitePath = $"/api/sites/{Uri.EscapeDataString(site)}";
        JsonElement staged;
        await using (var body = OpenUpload(path, out var mediaType))
        {
            var content = new StreamContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            staged = await client.SendJsonAsync(HttpMethod.Post, $"{sitePath}/imports", content, cancellationToken);
        }

        var importId = staged.GetProperty("importId").GetString()!;
        ShowPreview(staged);
        var refused = staged.GetProperty("preview").GetProperty("refused").GetInt32();
        if (refused > 0 && !skipRefused)
        {
            console.MarkupLine($"[red]{refused} case(s) refused[/]: nothing was stored. Fix them and import again, or use --skip-refused to commit the valid ones.");
            return 2;
        }

        if (!yes)
        {
            if (!console.Profile.Capabilities.Interactive)
            {
                console.MarkupLine("Not committed: this is not an interactive terminal, so confirm with --yes.");
                return 3;
            }

            if (!await console.ConfirmAsync($"Commit import {importId} to site {site}?", defaultValue: false, cancellationToken))
            {
                console.MarkupLine($"Not committed. The staged import {importId} expires on its own.");
                return 3;
            }
        }

        var commit = client.SendJsonAsync(HttpMethod.Post, $"{sitePath}/imports/{importId}/commit{(skipRefused ? "?skipRefused=true" : "")}", cancellationToken: cancellationToken);
        var total = staged.GetProperty("total").GetInt32();
        var result = console.Profile.Capabilities.Interactive
            ? await WithProgressBarAsync(commit, $"{sitePath}/imports/{importId}", total, cancellationToken)
            : await WithProgressLinesAsync(commit, $"{sitePath}/imports/{importId}", total, cancellationToken);
        ShowOutcomes(result);
        return 0;
    }

    private static Stream OpenUpload(string path, out string mediaType)
    {
        if (Directory.Exists(path))
        {
            mediaType = "application/zip";
            var zip = new MemoryStream();
            ZipFile.CreateFromDirectory(path, zip, CompressionLevel.Fastest, includeBaseDirectory: false);
            zip.Position = 0;
            return zip;
        }

        if (!File.Exists(path))
        {
            throw new CliException($"There is no file or folder '{path}'.");
        }

        mediaType = path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? "application/zip" : "application/x-ndjson";
        return File.OpenRead(path);
    }

    private async Task<JsonElement> WithProgressBarAsync(Task<JsonElement> commit, string statusPath, int total, CancellationToken cancellationToken)
    {
        JsonElement result = default;
        await console.Progress().StartAsync(async context =>
        {
            var task = context.AddTask("Committing", maxValue: Math.Max(1, total));
            while (!commit.IsCompleted)
            {
                await Task.WhenAny(commit, Task.Delay(PollInterval, cancellationToken));
                task.Value = await ProcessedAsync(statusPath, cancellationToken);
            }

            result = await commit;
            task.Value = result.GetProperty("processed").GetInt32();
        });
        return result;
    }

    private async Task<JsonElement> WithProgressLinesAsync(Task<JsonElement> commit, string statusPath, int total, CancellationToken cancellationToken)
    {
        var shown = -1;
        while (!commit.IsCompleted)
        {
            await Task.WhenAny(commit, Task.Delay(PollInterval, cancellationToken));
            var processed = await ProcessedAsync(statusPath, cancellationToken);
            if (processed != shown && !commit.IsCompleted)
            {
                console.WriteLine($"Committing: {processed}/{total} cases ({Percent(processed, total)}%)");
                shown = processed;
            }
        }

        var result = await commit;
        var done = result.GetProperty("processed").GetInt32();
        var rate = result.TryGetProperty("casesPerSecond", out var r) && r.ValueKind == JsonValueKind.Number ? $", {r.GetDouble():0} cases/s" : string.Empty;
        console.WriteLine($"Committing: {done}/{total} cases ({Percent(done, total)}%{rate})");
        return result;
    }

    private async Task<int> ProcessedAsync(string statusPath, CancellationToken cancellationToken)
    {
        var status = await client.SendJsonAsync(HttpMethod.Get, $"{statusPath}?limit=1", cancellationToken: cancellationToken);
        return status.GetProperty("processed").GetInt32();
    }

    private static int Percent(int part, int total) => total == 0 ? 100 : (int)(100L * part / total);

    private void ShowPreview(JsonElement staged)
    {
        var preview = staged.GetProperty("preview");
        var table = new Table().Title($"Import {staged.GetProperty("importId").GetString()} ({staged.GetProperty("format").GetString()}, {staged.GetProperty("total").GetInt32()} cases)")
            .AddColumns("new", "changed", "unchanged", "refused");
        table.AddRow(
            preview.GetProperty("new").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            preview.GetProperty("changed").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            preview.GetProperty("unchanged").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            preview.GetProperty("refused").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        console.Write(table);

        var changed = staged.GetProperty("cases").EnumerateArray().Where(c => c.GetProperty("preview").GetString() == "changed").ToList();
        if (changed.Count > 0)
        {
            var changes = new Table().Title("Changed cases (first page)").AddColumns("case", "fields");
            foreach (var item in changed)
            {
                changes.AddRow(Markup.Escape(item.GetProperty("caseId").GetString()!),
                    Markup.Escape(string.Join(", ", item.GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()))));
            }

            console.Write(changes);
        }

        var faults = staged.GetProperty("faults").EnumerateArray().ToList();
        if (faults.Count > 0)
        {
            var list = new Table().Title($"Faults ({staged.GetProperty("faultCount").GetInt32()} in all; first page)").AddColumns("case", "where", "message");
            foreach (var fault in faults)
            {
                list.AddRow(Markup.Escape(Text(fault, "caseId")), Markup.Escape(Where(fault)), Markup.Escape(Text(fault, "message")));
            }

            console.Write(list);
        }
    }

    private void ShowOutcomes(JsonElement result)
    {
        var outcomes = result.GetProperty("outcomes");
        var table = new Table().Title("Committed").AddColumns("created", "replaced", "unchanged", "changed since preview", "skipped");
        table.AddRow([.. new[] { "created", "replaced", "unchanged", "changedSincePreview", "skipped" }
            .Select(name => outcomes.GetProperty(name).GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        console.Write(table);
        if (outcomes.GetProperty("changedSincePreview").GetInt32() > 0)
        {
            console.MarkupLine("[yellow]Some cases changed in the registry after the preview and were not overwritten[/]: export them, reconcile, and import again.");
        }
    }

    private static string Where(JsonElement fault) => string.Join(" ", new[]
    {
        Text(fault, "file"),
        fault.TryGetProperty("row", out var row) && row.ValueKind == JsonValueKind.Number ? $"row {row.GetInt32()}" : string.Empty,
        Text(fault, "column"),
        fault.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Number ? $"line {line.GetInt64()}" : string.Empty,
        Text(fault, "jsonPath"),
    }.Where(part => part.Length > 0));

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
}
