using System.Net;
using System.Text;
using System.Text.Json;
using CalcinosisRegistry.Security.Tests.Infrastructure;
using static CalcinosisRegistry.Security.Tests.Infrastructure.SecuredRegistry;

namespace CalcinosisRegistry.Security.Tests.Auditing;

/// <summary>
/// Finding 14.2 and issue 16.1: every request that reaches the API leaves exactly one audit entry with the status it
/// was answered with, whatever that status is, including the refusals made before any endpoint runs (415, a body or
/// a query parameter that cannot be bound, 405, an unknown route). A matrix over status codes.
/// </summary>
public sealed class EveryRequestAuditedTests(SecuredRegistry registry) : IClassFixture<SecuredRegistry>
{
    public static TheoryData<string> Requests() => [.. Matrix.Keys];

    private static readonly Dictionary<string, Func<SecuredRegistry, Task<(Caller, HttpRequestMessage, HttpStatusCode)>>> Matrix = new()
    {
        ["200 case read"] = r => Task.FromResult((Caller.ResearcherA, Request(HttpMethod.Get, CasePath(SiteA, SiteACaseIds[0])), HttpStatusCode.OK)),
        ["201 case create"] = r => Task.FromResult((Caller.ResearcherA, Request(HttpMethod.Put, CasePath(SiteA, r.UniqueId("M")), null), HttpStatusCode.Created)),
        ["204 case withdraw"] = async r =>
        {
            var caseId = r.UniqueId("W");
            await r.CreateCaseAsync(Caller.ResearcherA, SiteA, caseId);
            return (Caller.ResearcherA, Request(HttpMethod.Delete, CasePath(SiteA, caseId), ifMatch: "\"1\""), HttpStatusCode.NoContent);
        },
        ["400 invalid case"] = r => Task.FromResult((Caller.ResearcherA, Request(HttpMethod.Put, CasePath(SiteA, "BAD-1"), "{\"caseId\":\"BAD-1\"}"), HttpStatusCode.BadRequest)),
        ["400 malformed JSON on an admin route"] = r => Task.FromResult((Caller.Admin, Request(HttpMethod.Post, "/api/admin/sites", "{\"siteId\":"), HttpStatusCode.BadRequest)),
        ["400 unbindable query parameter"] = r => Task.FromResult((Caller.ResearcherA, Request(HttpMethod.Get, $"{CasesPath(SiteA)}?limit=abc"), HttpStatusCode.BadRequest)),
        ["401 no credentials"] = r => Task.FromResult((Caller.Anonymous, Request(HttpMethod.Get, "/api/statistics"), HttpStatusCode.Unauthorized)),
        ["403 analyst writing a case"] = r => Task.FromResult((Caller.Analyst, Request(HttpMethod.Put, CasePath(SiteA, "A-0001"), CaseBodies.Valid("A-0001")), HttpStatusCode.Forbidden)),
        ["404 absent case"] = r => Task.FromResult((Caller.ResearcherA, Request(HttpMethod.Get, CasePath(SiteA, "A-9999")), HttpStatusCode.NotFound)),
        ["404 unknown route"] = r => Task.FromResult((Caller.Analyst, Request(HttpMethod.Get, "/api/no-such-route"), HttpStatusCode.NotFound)),
        ["405 method not allowed"] = r => Task.FromResult((Caller.ResearcherA, Request(HttpMethod.Patch, CasePath(SiteA, "A-0001"), "{}"), HttpStatusCode.MethodNotAllowed)),
        ["412 stale If-Match"] = r => Task.FromResult((Caller.ResearcherA, Request(HttpMethod.Put, CasePath(SiteA, "A-0002"), CaseBodies.Valid("A-0002", seed: 999), ifMatch: "\"9\""), HttpStatusCode.PreconditionFailed)),
        ["413 too large"] = r => Task.FromResult((Caller.ResearcherA, Request(HttpMethod.Put, CasePath(SiteA, "BIG-1"), new string(' ', 300 * 1024) + "{}"), HttpStatusCode.RequestEntityTooLarge)),
        ["415 case body as text/plain"] = r => Task.FromResult((Caller.ResearcherA, PlainText(HttpMethod.Put, CasePath(SiteA, "TXT-1"), CaseBodies.Valid("TXT-1")), HttpStatusCode.UnsupportedMediaType)),
        ["415 admin body as form data"] = r => Task.FromResult((Caller.Admin, Form("/api/admin/sites"), HttpStatusCode.UnsupportedMediaType)),
        ["428 replace without If-Match"] = r => Task.FromResult((Caller.ResearcherA, Request(HttpMethod.Put, CasePath(SiteA, "A-0003"), CaseBodies.Valid("A-0003", seed: 998)), HttpStatusCode.PreconditionRequired)),
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task EveryRequestLeavesOneEntryWithItsStatus(string name)
    {
        var (caller, request, expected) = await Matrix[name](registry);
        if (name.StartsWith("201", StringComparison.Ordinal))
        {
            var caseId = request.RequestUri!.OriginalString.Split('/')[^1];
            request.Content = new StringContent(CaseBodies.Valid(caseId), Encoding.UTF8, "application/json");
        }

        var cursor = await registry.AuditCursorAsync();
        using (var response = await registry.SendAsync(caller, request))
        {
            await response.AssertStatusAsync(expected, name);
            if ((int)expected >= 400)
            {
                await response.AssertProblemDocumentAsync(name);
            }
        }

        var entry = Assert.Single(await registry.AuditAsync($"after={cursor}"));
        var (actor, role) = AuditIdentityOf(caller);
        Assert.Equal(((int)expected, actor, role), (entry.Status ?? 0, entry.Actor, entry.Role));
    }

    [Fact]
    public async Task A415SaysWhichContentTypeToSend()
    {
        using var response = await registry.SendAsync(Caller.ResearcherA, PlainText(HttpMethod.Put, CasePath(SiteA, "TXT-2"), CaseBodies.Valid("TXT-2")));

        await response.AssertStatusAsync(HttpStatusCode.UnsupportedMediaType, "a text/plain case");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("Send Content-Type: application/json", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage PlainText(HttpMethod method, string path, string body) =>
        new(method, path) { Content = new StringContent(body, Encoding.UTF8, "text/plain") };

    private static HttpRequestMessage Form(string path) =>
        new(HttpMethod.Post, path) { Content = new FormUrlEncodedContent([new("siteId", "cross-site"), new("name", "x")]) };
}
