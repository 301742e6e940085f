using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;

namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>
/// A steady write load of creates and replaces, round-robin over the silos, that keeps a ledger of every write the
/// registry acknowledged. A write that fails in a way that allows a retry (no answer, 503, 409) is re-sent with the
/// very same document and If-Match, on the next silo, until it is acknowledged or its deadline passes: if the
/// first try was stored after all, the re-send is the contract's 200 no-op, otherwise it applies now.
/// </summary>
internal sealed class CaseWriteLoad
{
    public const string ClientTimeoutPrefix = "client timeout";

    private readonly IReadOnlyList<SiloEndpoint> _targets;
    private readonly HttpClient _http;
    private readonly Stopwatch _clock;
    private readonly WriteLoadShape _shape;
    private int _nextTarget;

    public CaseWriteLoad(IReadOnlyList<SiloEndpoint> targets, HttpClient http, Stopwatch clock, WriteLoadShape shape)
    {
        _targets = targets;
        _http = http;
        _clock = clock;
        _shape = shape;
    }

    public ConcurrentQueue<WriteAttempt> Attempts { get; } = new();

    public ConcurrentQueue<AcknowledgedWrite> Ledger { get; } = new();

    /// <summary>Answers no retry can fix (412, 428, 400, 500, a 2xx with a different document…): each is a product fault.</summary>
    public ConcurrentQueue<string> Anomalies { get; } = new();

    public ConcurrentQueue<UnresolvedWrite> Unresolved { get; } = new();

    /// <summary>Writes until <paramref name="stop"/> is cancelled; a write in progress then still finishes (or gives up).</summary>
    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, _shape.Writers).Select(writer => Task.Run(() => RunWriterAsync(writer, stop), CancellationToken.None)));

    private async Task RunWriterAsync(int writer, CancellationToken stop)
    {
        var random = new Random(_shape.Seed * 1000 + writer);
        var owned = AllCases().Where((_, index) => index % _shape.Writers == writer).Select(c => new CaseCursor(c.SiteId, c.CaseId)).ToList();
        while (!stop.IsCancellationRequested)
        {
            // Half the writes replace a case this writer already has, so creates and replaces mix from the start.
            var written = owned.Where(c => c.ETag is not null).ToList();
            var cursor = written.Count > 0 && random.NextDouble() < 0.5 ? written[random.Next(written.Count)] : owned[random.Next(owned.Count)];
            var document = CaseJson.Serialize(SyntheticCohort.NewCase(random, cursor.CaseId));
            try
            {
                await WriteUntilAcknowledgedAsync(writer, cursor, document);
            }
            catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // An answer the load cannot read (a 2xx without its document, say) is a product fault to report, and
                // must not end the writer, or the whole test, with an exception that hides the other results.
                Anomalies.Enqueue($"writer {writer}: unreadable answer for {cursor.SiteId}/{cursor.CaseId}: {exception.GetType().Name}: {exception.Message}");
            }

            try
            {
                await Task.Delay(_shape.PauseBetweenWrites, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private IEnumerable<(string SiteId, string CaseId)> AllCases() =>
        _shape.Sites.SelectMany(site => Enumerable.Range(1, _shape.CasesPerSite).Select(n => (site, $"DUR-{site[..3].ToUpperInvariant()}-{n:D4}")));

    private async Task WriteUntilAcknowledgedAsync(int writer, CaseCursor cursor, string document)
    {
        var deadline = _clock.Elapsed + _shape.RetryDeadline;
        var ifMatch = cursor.ETag;
        var isRetry = false;
        WriteAttempt? last = null;
        while (_clock.Elapsed < deadline)
        {
            var target = _targets[(int)((uint)Interlocked.Increment(ref _nextTarget) % (uint)_targets.Count)];
            var (attempt, response) = await PutAsync(writer, target, cursor, document, ifMatch, isRetry);
            Attempts.Enqueue(attempt);
            last = attempt;
            if (attempt.IsAcknowledged && response is not null)
            {
                Acknowledge(attempt, cursor, document, response.Value);
                return;
            }

            if (attempt.Status is null or (int)HttpStatusCode.ServiceUnavailable or (int)HttpStatusCode.Conflict)
            {
                isRetry = true;
                await Task.Delay(_shape.PauseBetweenRetries);
                continue;
            }

            Anomalies.Enqueue($"unexpected answer: {attempt}");
            return;
        }

        Unresolved.Enqueue(new UnresolvedWrite(cursor.SiteId, cursor.CaseId, document, ifMatch, _clock.Elapsed, last?.ToString() ?? "no attempt"));
    }

    private void Acknowledge(WriteAttempt attempt, CaseCursor cursor, string document, JsonElement response)
    {
        var version = response.GetProperty("version").GetInt32();
        var etag = EtagOf(response) ?? string.Empty;
        var stored = response.GetProperty("document").GetRawText();
        if (!JsonDocumentComparison.AreEqual(document, stored))
        {
            Anomalies.Enqueue($"acknowledged with a different document: {attempt}\n  sent:     {document}\n  returned: {stored}");
        }

        if (version < cursor.Version)
        {
            Anomalies.Enqueue($"acknowledged version {version} is older than the {cursor.Version} acknowledged before: {attempt}");
        }

        cursor.ETag = etag;
        cursor.Version = version;
        Ledger.Enqueue(new AcknowledgedWrite(cursor.SiteId, cursor.CaseId, document, etag, version, attempt.Status!.Value, attempt.Silo, attempt.EndedAt));
    }

    private async Task<(WriteAttempt Attempt, JsonElement? Response)> PutAsync(
        int writer, SiloEndpoint target, CaseCursor cursor, string document, string? ifMatch, bool isRetry)
    {
        var startedAt = _clock.Elapsed;
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(target.BaseAddress, $"/api/sites/{cursor.SiteId}/cases/{cursor.CaseId}"))
        {
            Content = new StringContent(document, Encoding.UTF8, "application/json"),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        using var timeout = new CancellationTokenSource(_shape.RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            var elapsed = _clock.Elapsed - startedAt;
            var status = (int)response.StatusCode;
            var isProblem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            if (status is >= 200 and < 300)
            {
                using var parsed = JsonDocument.Parse(body);
                var root = parsed.RootElement.Clone();
                return (new WriteAttempt(writer, target.Name, cursor.SiteId, cursor.CaseId, isRetry, startedAt, elapsed, status, isProblem, null, null,
                    root.GetProperty("version").GetInt32()), root);
            }

            return (new WriteAttempt(writer, target.Name, cursor.SiteId, cursor.CaseId, isRetry, startedAt, elapsed, status, isProblem, null,
                Excerpt(body), null), null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return (Failed(writer, target, cursor, isRetry, startedAt, $"{ClientTimeoutPrefix}: no answer within {_shape.RequestTimeout.TotalSeconds:0} s"), null);
        }
        catch (HttpRequestException exception)
        {
            return (Failed(writer, target, cursor, isRetry, startedAt, $"{exception.HttpRequestError}: {exception.Message}"), null);
        }
        catch (IOException exception)
        {
            return (Failed(writer, target, cursor, isRetry, startedAt, $"I/O: {exception.Message}"), null);
        }
    }

    private WriteAttempt Failed(int writer, SiloEndpoint target, CaseCursor cursor, bool isRetry, TimeSpan startedAt, string error) =>
        new(writer, target.Name, cursor.SiteId, cursor.CaseId, isRetry, startedAt, _clock.Elapsed - startedAt, null, false, error, null, null);

    private static string Excerpt(string body) => body.Length <= 400 ? body : body[..400] + "…";

    /// <summary>The case answer's ETag member: <c>etag</c>, or <c>eTag</c> as the previous release (still serving during a rolling upgrade) spells it.</summary>
    private static string? EtagOf(System.Text.Json.JsonElement answer) =>
        (answer.TryGetProperty("etag", out var etag) || answer.TryGetProperty("eTag", out etag)) ? etag.GetString() : throw new KeyNotFoundException("The case answer has no etag member.");
}
