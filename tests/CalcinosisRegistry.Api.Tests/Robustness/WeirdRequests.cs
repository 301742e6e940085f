using System.Net.Http.Headers;
using System.Text;
using CalcinosisRegistry.Api.Tests.Infrastructure;

namespace CalcinosisRegistry.Api.Tests.Robustness;

/// <summary>The catalogue of the no-5xx sweep: bodies, ids, queries and headers no well-behaved client would send.</summary>
public static class WeirdRequests
{
    private const string CaseId = "ODD-1";

    private static readonly string ValidJson = CaseDocuments.Json(CaseDocuments.Valid(CaseId));

    public static IReadOnlyList<WeirdRequest> All { get; } =
    [
        // Bodies that are not a case document.
        PutBody("put-empty-body", ""),
        new("put-without-content", (_, site) => Task.FromResult(new HttpRequestMessage(HttpMethod.Put, RegistryRequests.CasePath(site, CaseId)))),
        PutBody("put-null", "null"),
        PutBody("put-empty-array", "[]"),
        PutBody("put-string", "\"text\""),
        PutBody("put-number", "42"),
        PutBody("put-true", "true"),
        PutBody("put-nan-literal", "NaN"),
        PutBody("put-comment", "/* comment */ {}"),
        PutBody("put-trailing-garbage", ValidJson + "}"),
        PutBody("put-two-documents", ValidJson + ValidJson),
        PutBody("put-empty-object", "{}"),
        PutBody("put-null-fields", "{\"caseId\":null,\"sex\":null,\"lesions\":null,\"labs\":null,\"treatments\":null,\"recurrences\":null}"),
        PutBody("put-wrong-types-everywhere", "{\"caseId\":[],\"sex\":{},\"ageAtOnsetYears\":\"x\",\"diagnosisYear\":true,\"calcinosisType\":1,\"underlyingConditions\":\"none\",\"labs\":{},\"diagnosticMethods\":[[]],\"lesions\":[1,\"a\",null,[]],\"treatments\":[{\"lesionIds\":[1,{},null],\"assessments\":[null]}],\"recurrences\":[\"L1\"],\"lastFollowUpDay\":{}}"),
        PutReplaced("put-huge-exponent", "\"ageAtOnsetYears\":", "\"ageAtOnsetYears\":1e400,\"x\":0,\"ageAtOnsetYearsX\":"),
        PutReplaced("put-huge-integer", "\"lastFollowUpDay\":", "\"lastFollowUpDay\":123456789012345678901234567890123456789,\"y\":"),
        PutReplaced("put-negative-huge", "\"diagnosisYear\":", "\"diagnosisYear\":-1e308,\"z\":"),
        PutReplaced("put-tiny-number", "\"ageAtOnsetYears\":", "\"ageAtOnsetYears\":1e-400,\"w\":"),
        PutReplaced("put-huge-day", "\"day\":", "\"day\":1.7976931348623157e308,\"v\":"),
        PutReplaced("put-long-digits", "\"ageAtOnsetYears\":", "\"ageAtOnsetYears\":" + new string('9', 5000) + ",\"u\":"),
        PutBody("put-deep-arrays", new string('[', 100_000) + new string(']', 100_000)),
        PutBody("put-deep-objects", string.Concat(Enumerable.Repeat("{\"a\":", 20_000)) + "1" + new string('}', 20_000)),
        PutReplaced("put-deep-array-in-field", "\"labs\":", "\"labs\":" + new string('[', 5_000) + new string(']', 5_000) + ",\"labs2\":"),
        PutBytes("put-invalid-utf8", [0x7B, 0x22, 0x63, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D]),
        PutBytes("put-invalid-utf8-in-value", Encoding.UTF8.GetBytes(ValidJson).Select(b => b == (byte)'L' ? (byte)0xFF : b).ToArray()),
        PutBytes("put-utf16", Encoding.Unicode.GetBytes(ValidJson)),
        PutBytes("put-nul-bytes", new byte[64]),
        PutBytes("put-bom-then-valid", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(ValidJson)]),
        PutBytes("put-bom-then-invalid", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"caseId\":\"OTHER\"}")]),
        PutReplaced("put-lone-surrogate-in-case-id", "\"caseId\":\"ODD-1\"", "\"caseId\":\"\\uD800\""),
        PutReplaced("put-lone-surrogate-in-agent", "\"agent\":\"", "\"agent\":\"\\uDC00"),
        PutReplaced("put-lone-surrogate-in-vocabulary", "\"sex\":\"", "\"sex\":\"\\uD800"),
        PutReplaced("put-lone-surrogate-in-property-name", "\"caseId\":", "\"\\uD800\":1,\"caseId\":"),
        PutReplaced("put-lone-surrogate-in-lesion-reference", "\"lesionIds\":[\"", "\"lesionIds\":[\"\\uD800\",\""),
        PutReplaced("put-escaped-nul-in-case-id", "\"caseId\":\"ODD-1\"", "\"caseId\":\"ODD-1\\u0000\""),
        PutReplaced("put-duplicate-case-id-property", "\"caseId\":\"ODD-1\"", "\"caseId\":\"ODD-1\",\"caseId\":\"OTHER\""),
        PutReplaced("put-case-id-differs", "\"caseId\":\"ODD-1\"", "\"caseId\":\"OTHER\""),
        PutBody("put-many-recurrences", "{\"caseId\":\"ODD-1\",\"recurrences\":[" + string.Join(",", Enumerable.Repeat("{\"lesionId\":\"L1\",\"day\":1}", 8_000)) + "]}"),
        PutBody("put-many-unknown-properties", "{" + string.Join(",", Enumerable.Range(0, 10_000).Select(n => $"\"p{n}\":1")) + "}"),
        PutBody("put-many-lesion-ids", "{\"caseId\":\"ODD-1\",\"treatments\":[{\"lesionIds\":[" + string.Join(",", Enumerable.Repeat("\"L1\"", 20_000)) + "]}]}"),
        PutBytes("put-ten-mebibytes", Encoding.UTF8.GetBytes(ValidJson + new string(' ', 10 * 1024 * 1024))),

        // The right document under the wrong media type or encoding.
        PutContent("put-text-plain", () => new StringContent(ValidJson, Encoding.UTF8, "text/plain")),
        PutContent("put-xml", () => new StringContent("<case id=\"ODD-1\"/>", Encoding.UTF8, "application/xml")),
        PutContent("put-form", () => new FormUrlEncodedContent([new("caseId", CaseId)])),
        PutContent("put-multipart", () => new MultipartFormDataContent { { new StringContent(ValidJson), "file", "case.json" } }),
        PutContent("put-no-content-type", () => new ByteArrayContent(Encoding.UTF8.GetBytes(ValidJson))),
        PutContent("put-gzip-claimed", () =>
        {
            var content = new StringContent(ValidJson, Encoding.UTF8, "application/json");
            content.Headers.ContentEncoding.Add("gzip");
            return content;
        }),
        PutContent("put-charset-latin1", () =>
        {
            var content = new ByteArrayContent(Encoding.Latin1.GetBytes(ValidJson.Replace("diltiazem", "diltiazém", StringComparison.Ordinal)));
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=iso-8859-1");
            return content;
        }),

        // Route ids.
        Get("get-unicode-site", "/api/sites/sit%C3%A9/cases/ODD-1"),
        Get("get-unicode-case", "/api/sites/{site}/cases/%F0%9F%98%80"),
        Get("get-invalid-percent-encoding", "/api/sites/{site}/cases/%C3%28"),
        Get("get-percent-encoded-slash", "/api/sites/{site}/cases/a%2Fb"),
        Get("get-percent-encoded-newline", "/api/sites/{site}/cases/ODD-1%0A"),
        Get("get-double-encoded", "/api/sites/{site}/cases/a%252Fb"),
        Get("get-dot-case", "/api/sites/{site}/cases/..."),
        Get("get-very-long-site", $"/api/sites/{new string('a', 10_000)}/cases/ODD-1"),
        Get("get-very-long-case", $"/api/sites/{{site}}/cases/{new string('A', 10_000)}"),
        Get("get-list-very-long-site", $"/api/sites/{new string('z', 10_000)}/cases"),
        Put("put-unicode-case", "/api/sites/{site}/cases/caf%C3%A9"),
        Put("put-very-long-case", $"/api/sites/{{site}}/cases/{new string('B', 10_000)}"),
        Put("put-percent-encoded-slash", "/api/sites/{site}/cases/ODD%2F1"),
        Put("put-upper-case-site", "/api/sites/UPPER/cases/ODD-1"),
        Delete("delete-unicode-case", "/api/sites/{site}/cases/%E2%82%AC", "\"1\""),
        Delete("delete-very-long-site", $"/api/sites/{new string('d', 10_000)}/cases/ODD-1", "\"1\""),

        // Query strings.
        Get("list-limit-zero", "/api/sites/{site}/cases?limit=0"),
        Get("list-limit-negative", "/api/sites/{site}/cases?limit=-1"),
        Get("list-limit-text", "/api/sites/{site}/cases?limit=abc"),
        Get("list-limit-overflow", "/api/sites/{site}/cases?limit=99999999999999999999"),
        Get("list-limit-fraction", "/api/sites/{site}/cases?limit=1.5"),
        Get("list-limit-too-large", "/api/sites/{site}/cases?limit=100000"),
        Get("list-limit-twice", "/api/sites/{site}/cases?limit=1&limit=2"),
        Get("list-after-nul", "/api/sites/{site}/cases?after=%00"),
        Get("list-after-very-long", $"/api/sites/{{site}}/cases?after={new string('x', 20_000)}"),
        Get("list-after-invalid-utf8", "/api/sites/{site}/cases?after=%FF%FE"),

        // Statistics.
        Get("statistics-unknown-type", "/api/statistics/types/unknown"),
        Get("statistics-empty-type", "/api/statistics/types/"),
        Get("statistics-unicode-type", "/api/statistics/types/%C3%A9"),
        Get("statistics-very-long-type", $"/api/statistics/types/{new string('t', 10_000)}"),
        Get("statistics-curve-maybe", "/api/statistics?curve=maybe"),
        Get("statistics-type-curve-maybe", "/api/statistics/types/dystrophic?curve=maybe"),
        Get("statistics-curve-twice", "/api/statistics?curve=true&curve=false"),
        Get("statistics-curve-empty", "/api/statistics/types/all?curve="),
        Get("statistics-unknown-type-curve-maybe", "/api/statistics/types/nope?curve=maybe"),

        // Preconditions and methods.
        new("put-if-match-garbage-absent", (_, site) => Task.FromResult(WithIfMatch(JsonPut(site, ValidJson), "garbage"))),
        new("put-if-match-garbage-existing", async (client, site) =>
        {
            await client.CreateCaseAsync(site, CaseId, ValidJson);
            return WithIfMatch(JsonPut(site, CaseDocuments.Json(CaseDocuments.Valid(CaseId, seed: 99))), "\"unterminated, W/, ,,, \"\"");
        }),
        new("put-if-match-very-long-existing", async (client, site) =>
        {
            await client.CreateCaseAsync(site, CaseId, ValidJson);
            return WithIfMatch(JsonPut(site, CaseDocuments.Json(CaseDocuments.Valid(CaseId, seed: 99))), new string('"', 8_000));
        }),
        new("put-if-match-only-commas-existing", async (client, site) =>
        {
            await client.CreateCaseAsync(site, CaseId, ValidJson);
            return WithIfMatch(JsonPut(site, CaseDocuments.Json(CaseDocuments.Valid(CaseId, seed: 99))), ",,,");
        }),
        new("delete-if-match-garbage-existing", async (client, site) =>
        {
            await client.CreateCaseAsync(site, CaseId, ValidJson);
            return WithIfMatch(new HttpRequestMessage(HttpMethod.Delete, RegistryRequests.CasePath(site, CaseId)), "garbage");
        }),
        new("delete-if-match-weak-existing", async (client, site) =>
        {
            await client.CreateCaseAsync(site, CaseId, ValidJson);
            return WithIfMatch(new HttpRequestMessage(HttpMethod.Delete, RegistryRequests.CasePath(site, CaseId)), "W/\"1\"");
        }),
        new("delete-with-body", (_, site) => Task.FromResult(new HttpRequestMessage(HttpMethod.Delete, RegistryRequests.CasePath(site, CaseId))
        {
            Content = new StringContent(ValidJson, Encoding.UTF8, "application/json"),
        })),
        new("post-to-case", (_, site) => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, RegistryRequests.CasePath(site, CaseId))
        {
            Content = new StringContent(ValidJson, Encoding.UTF8, "application/json"),
        })),
        new("patch-case", (_, site) => Task.FromResult(new HttpRequestMessage(HttpMethod.Patch, RegistryRequests.CasePath(site, CaseId))
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/merge-patch+json"),
        })),
        new("post-to-list", (_, site) => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, RegistryRequests.CasesPath(site))
        {
            Content = new StringContent(ValidJson, Encoding.UTF8, "application/json"),
        })),
        new("put-statistics", (_, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Put, "/api/statistics") { Content = new StringContent("{}") })),
        new("delete-statistics-type", (_, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Delete, "/api/statistics/types/all"))),
        new("head-case", (_, site) => Task.FromResult(new HttpRequestMessage(HttpMethod.Head, RegistryRequests.CasePath(site, CaseId)))),
        new("options-case", (_, site) => Task.FromResult(new HttpRequestMessage(HttpMethod.Options, RegistryRequests.CasePath(site, CaseId)))),
        new("trace-health", (_, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Trace, "/health"))),
    ];

    private static WeirdRequest PutBody(string name, string body) =>
        new(name, (_, site) => Task.FromResult(JsonPut(site, body)));

    private static WeirdRequest PutBytes(string name, byte[] body) =>
        new(name, (_, site) =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return Task.FromResult(new HttpRequestMessage(HttpMethod.Put, RegistryRequests.CasePath(site, CaseId)) { Content = content });
        });

    /// <summary>The valid document with its first occurrence of <paramref name="find"/> replaced, to plant one oddity in an otherwise sound case.</summary>
    private static WeirdRequest PutReplaced(string name, string find, string replacement)
    {
        var at = ValidJson.IndexOf(find, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException($"The sweep case {name} looks for {find}, which the valid document does not contain.");
        }

        return PutBody(name, string.Concat(ValidJson.AsSpan(0, at), replacement, ValidJson.AsSpan(at + find.Length)));
    }

    private static WeirdRequest PutContent(string name, Func<HttpContent> content) =>
        new(name, (_, site) => Task.FromResult(new HttpRequestMessage(HttpMethod.Put, RegistryRequests.CasePath(site, CaseId)) { Content = content() }));

    private static WeirdRequest Get(string name, string pathTemplate) =>
        new(name, (_, site) => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, Path(pathTemplate, site))));

    private static WeirdRequest Put(string name, string pathTemplate) =>
        new(name, (_, site) => Task.FromResult(new HttpRequestMessage(HttpMethod.Put, Path(pathTemplate, site))
        {
            Content = new StringContent(ValidJson, Encoding.UTF8, "application/json"),
        }));

    private static WeirdRequest Delete(string name, string pathTemplate, string ifMatch) =>
        new(name, (_, site) => Task.FromResult(WithIfMatch(new HttpRequestMessage(HttpMethod.Delete, Path(pathTemplate, site)), ifMatch)));

    private static HttpRequestMessage JsonPut(string site, string body) =>
        new(HttpMethod.Put, RegistryRequests.CasePath(site, CaseId))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };

    private static HttpRequestMessage WithIfMatch(HttpRequestMessage request, string ifMatch)
    {
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    /// <summary>
    /// The path with the test's own percent-encoding (the client keeps escapes as written). A NUL in the path
    /// (<c>%00</c>) is left out: the in-memory test server refuses it on the client side, before the registry sees it.
    /// </summary>
    private static string Path(string template, string site) => template.Replace("{site}", site, StringComparison.Ordinal);
}
