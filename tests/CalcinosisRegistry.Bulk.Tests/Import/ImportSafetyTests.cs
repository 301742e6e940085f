using System.Net;
using System.Text.Json;
using CalcinosisRegistry.Bulk.Tests.Infrastructure;
using CalcinosisRegistry.Domain.Synthetic;
using CalcinosisRegistry.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CalcinosisRegistry.Bulk.Tests.Import;

/// <summary>Issue 18's safety gaps: two commits of one import at once, and scratch files a killed process would leave.</summary>
public sealed class ImportSafetyTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_second_commit_while_the_first_is_running_is_refused_with_409_and_every_case_is_written_once()
    {
        await using var gated = new AsyncDisposer(await BulkRegistry.StartAsync(new BulkRegistryFactory { ExtraServices = GatedStagingStore.Install }));
        var gate = gated.Registry.Factory.Services.GetRequiredService<GatedStagingStore>();
        var (siteId, _, researcher) = await gated.Registry.NewSiteWithResearcherAsync("twice");
        var cases = SyntheticCohort.Generate(40, seed: 81).Select(c => c.Document).ToList();
        var (_, preview) = await researcher.StageAsync(siteId, Uploads.Ndjson(cases), "application/x-ndjson");
        var importId = preview.GetProperty("importId").GetString()!;

        var first = researcher.CommitAsync(siteId, importId);
        await gate.Reached.Task.WaitAsync(Deadline);
        var (second, refusal) = await researcher.CommitAsync(siteId, importId);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("The import is being committed", refusal.GetProperty("title").GetString());
        Assert.True(second.Headers.RetryAfter is not null, "a 409 for a running commit says when to try again");
        gate.Release.SetResult();
        var (committed, result) = await first;
        Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
        Assert.Equal(("committed", 40, 0), (result.GetProperty("phase").GetString(),
            result.GetProperty("outcomes").GetProperty("created").GetInt32(), result.GetProperty("outcomes").GetProperty("changedSincePreview").GetInt32()));

        // Once it has finished, committing again answers its report and writes nothing.
        var (again, againResult) = await researcher.CommitAsync(siteId, importId);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(result.GetProperty("outcomes").ToString(), againResult.GetProperty("outcomes").ToString());
        var audited = (await gated.Registry.AuditEventsAsync("import.commit", siteId))
            .Where(e => e.GetProperty("caseId").ValueKind == JsonValueKind.String).Select(e => e.GetProperty("caseId").GetString()).ToList();
        Assert.Equal(cases.Select(c => c.CaseId).Order(), audited.Order());
    }

    [Fact]
    public async Task An_upload_being_received_and_a_staged_import_leave_no_file_a_killed_process_could_leave_behind()
    {
        await using var overHttp = new AsyncDisposer(await BulkRegistry.StartAsync(new BulkRegistryFactory(), overKestrel: true));
        var (siteId, token, _) = await overHttp.Registry.NewSiteWithResearcherAsync("scratch");
        var address = overHttp.Registry.KestrelAddress;
        using var researcher = new HttpClient { BaseAddress = address };
        researcher.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var zip = await Uploads.ZipAsync(SyntheticCohort.Generate(30, seed: 82).Select(c => c.Document));
        var rest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scratch = overHttp.Registry.Factory.ScratchDirectory;

        // Half the bundle is sent and the rest held back: the server is mid-upload, writing to its scratch file.
        var staging = researcher.PostAsync($"/api/sites/{siteId}/imports", new HeldBackContent(zip, zip.Length / 2, rest.Task) { Headers = { ContentType = new("application/zip") } });
        await Eventually.SucceedsAsync(() => Task.FromResult(OpenScratchFiles.In(scratch, "upload").Count > 0 ? null : $"no scratch file open yet (request {(staging.IsCompleted ? staging.Result.StatusCode.ToString() : "running")} to {address})"),
            "the server has opened its scratch file for the upload", Deadline);

        // A kill now would leave whatever the directory lists: nothing, since the open file has no name any more.
        Assert.All(OpenScratchFiles.In(scratch, "upload"), target => Assert.EndsWith(" (deleted)", target, StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
        rest.SetResult();
        using var staged = await staging;
        Assert.Equal(HttpStatusCode.Created, staged.StatusCode);
        // The staged import's spool is as nameless while the import waits for its commit.
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
    }

    private sealed class AsyncDisposer(BulkRegistry registry) : IAsyncDisposable
    {
        public BulkRegistry Registry => registry;

        public async ValueTask DisposeAsync() => await registry.DisposeAsync();
    }
}
