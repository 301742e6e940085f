using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>
/// Checks the ledger against what the registry serves: each case's latest acknowledged version is readable with
/// exactly the document that was sent, and every acknowledged version is in its history with that document's digest
/// (so no acknowledged write was lost, even one replaced later). Reads go round-robin over the given silos.
/// </summary>
internal static class LedgerVerifier
{
    public static async Task<IReadOnlyList<string>> VerifyAsync(
        HttpClient http, IReadOnlyList<SiloEndpoint> silos, IEnumerable<AcknowledgedWrite> ledger, IEnumerable<UnresolvedWrite> unresolved)
    {
        var failures = new List<string>();
        var unresolvedByCase = unresolved.ToLookup(u => u.CaseKey);
        var next = 0;
        foreach (var writes in ledger.GroupBy(w => w.CaseKey))
        {
            var distinctVersions = writes.GroupBy(w => w.Version).ToList();
            foreach (var sameVersion in distinctVersions.Where(g => g.Select(w => w.DocumentJson).Distinct(StringComparer.Ordinal).Count() > 1))
            {
                failures.Add($"{writes.Key}: version {sameVersion.Key} was acknowledged for {sameVersion.Count()} different documents (one of them is lost): "
                    + string.Join("; ", sameVersion.Select(w => $"{w.Status} via {w.Silo} at +{w.At.TotalSeconds:0.000} s")));
            }

            var latest = writes.MaxBy(w => w.Version)!;
            var silo = silos[next++ % silos.Count];
            var (status, body) = await ReadWithRetriesAsync(http, silo, latest.SiteId, latest.CaseId);
            if (status != HttpStatusCode.OK)
            {
                failures.Add($"{writes.Key}: GET via {silo.Name} answered {(int)status} (expected 200 with version {latest.Version}): {Excerpt(body)}");
                continue;
            }

            using var read = JsonDocument.Parse(body);
            var root = read.RootElement;
            var version = root.GetProperty("version").GetInt32();
            var document = root.GetProperty("document").GetRawText();
            var etag = EtagOf(root);
            var matchesLatest = version == latest.Version && JsonDocumentComparison.AreEqual(latest.DocumentJson, document) && etag == latest.ETag;
            var matchesUnacknowledged = version == latest.Version + 1
                && unresolvedByCase[writes.Key].Any(u => JsonDocumentComparison.AreEqual(u.DocumentJson, document));
            if (!matchesLatest && !matchesUnacknowledged)
            {
                failures.Add($"{writes.Key}: GET via {silo.Name} gave version {version} (ETag {etag}), but the latest acknowledged write is version {latest.Version}"
                    + $" (ETag {latest.ETag}, {latest.Status} via {latest.Silo} at +{latest.At.TotalSeconds:0.000} s)"
                    + (version == latest.Version ? $"; the documents differ.\n  acknowledged: {latest.DocumentJson}\n  stored:       {document}" : "."));
            }

            var history = new Dictionary<int, string?>();
            foreach (var sameVersion in root.GetProperty("history").EnumerateArray()
                .Select(h => (Version: h.GetProperty("version").GetInt32(), Digest: h.GetProperty("digest").GetString()))
                .GroupBy(h => h.Version))
            {
                if (sameVersion.Count() > 1)
                {
                    failures.Add($"{writes.Key}: the history lists version {sameVersion.Key} {sameVersion.Count()} times (digests {string.Join(", ", sameVersion.Select(h => h.Digest))})");
                }

                history[sameVersion.Key] = sameVersion.Last().Digest;
            }

            foreach (var acknowledged in distinctVersions.Select(g => g.First()))
            {
                var expectedDigest = Digest(acknowledged.DocumentJson);
                if (!history.TryGetValue(acknowledged.Version, out var digest))
                {
                    failures.Add($"{writes.Key}: acknowledged version {acknowledged.Version} ({acknowledged.Status} via {acknowledged.Silo} at +{acknowledged.At.TotalSeconds:0.000} s) is missing from the history");
                }
                else if (!string.Equals(digest, expectedDigest, StringComparison.Ordinal))
                {
                    failures.Add($"{writes.Key}: history of version {acknowledged.Version} has digest {digest}, but the acknowledged document's is {expectedDigest}"
                        + $" ({acknowledged.Status} via {acknowledged.Silo} at +{acknowledged.At.TotalSeconds:0.000} s): another document took its place");
                }
            }
        }

        return failures;
    }

    /// <summary>SHA-256 of the canonical document, as the registry's history records it (the load sends canonical JSON).</summary>
    public static string Digest(string canonicalJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)));

    private static async Task<(HttpStatusCode Status, string Body)> ReadWithRetriesAsync(HttpClient http, SiloEndpoint silo, string siteId, string caseId)
    {
        (HttpStatusCode Status, string Body) last = default;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            last = await RegistryHttp.GetCaseAsync(http, silo.BaseAddress, siteId, caseId);
            if (!RegistryHttp.IsWorthRetrying(last.Status))
            {
                return last;
            }

            await Task.Delay(1000);
        }

        return last;
    }

    private static string Excerpt(string body) => body.Length <= 400 ? body : body[..400] + "…";

    /// <summary>The case answer's ETag member: <c>etag</c>, or <c>eTag</c> as the previous release (still serving during a rolling upgrade) spells it.</summary>
    private static string? EtagOf(System.Text.Json.JsonElement answer) =>
        (answer.TryGetProperty("etag", out var etag) || answer.TryGetProperty("eTag", out etag)) ? etag.GetString() : throw new KeyNotFoundException("The case answer has no etag member.");
}
