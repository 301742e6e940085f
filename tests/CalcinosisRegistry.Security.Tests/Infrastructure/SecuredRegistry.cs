using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Security.Tests.Infrastructure;

/// <summary>
/// A secured registry provisioned through its own API, as the bootstrap admin: sites site-a and site-b; users
/// researcher-a (site-a), researcher-b (site-b), an analyst, a second admin and a token holder (an analyst whose
/// tokens the token routes manage); a token for each; and cases seeded by their researchers (three dystrophic ones
/// in site-a, one metastatic in site-b, so the exact statistics have counts from 1 to 4).
/// </summary>
public class SecuredRegistry : IAsyncLifetime
{
    public const string SiteA = "site-a";
    public const string SiteB = "site-b";
    public const string AdminUserId = "admin-two";
    public const string AnalystUserId = "analyst-one";
    public const string ResearcherAUserId = "researcher-a";
    public const string ResearcherBUserId = "researcher-b";
    public const string TokenHolderUserId = "token-holder";
    public const string BootstrapActor = "bootstrap-admin";

    public static readonly IReadOnlyList<string> SiteACaseIds = ["A-0001", "A-0002", "A-0003"];
    public static readonly IReadOnlyList<string> SiteBCaseIds = ["B-0001"];

    private readonly Dictionary<Caller, string> _tokens = [];
    private int _uniqueCounter;

    public SecuredRegistry()
        : this(configure: null)
    {
    }

    /// <summary>A registry with extra settings (such as the disclosure method) applied to its host.</summary>
    protected SecuredRegistry(Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? configure)
    {
        Factory = new(rateLimitPerSecond: 100_000, rateLimitBurst: 100_000, configure);
    }

    /// <summary>The rate limit is raised far above what the tests send: rate limiting has its own test and factory.</summary>
    public SecuredRegistryFactory Factory { get; }

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The issued token of a provisioned user (admin, analyst, researchers).</summary>
    public string TokenOf(Caller caller) => _tokens[caller];

    public async Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        await CreateSiteAsync(SiteA);
        await CreateSiteAsync(SiteB);
        _tokens[Caller.Admin] = (await CreateUserWithTokenAsync(AdminUserId, "admin", [])).Token;
        _tokens[Caller.Analyst] = (await CreateUserWithTokenAsync(AnalystUserId, "analyst", [])).Token;
        _tokens[Caller.ResearcherA] = (await CreateUserWithTokenAsync(ResearcherAUserId, "researcher", [SiteA])).Token;
        _tokens[Caller.ResearcherB] = (await CreateUserWithTokenAsync(ResearcherBUserId, "researcher", [SiteB])).Token;
        await CreateUserAsync(TokenHolderUserId, "analyst", []);

        for (var i = 0; i < SiteACaseIds.Count; i++)
        {
            await CreateCaseAsync(Caller.ResearcherA, SiteA, SiteACaseIds[i], CaseBodies.OfType(SiteACaseIds[i], CalcinosisType.Dystrophic, seed: 100 + i));
        }

        await CreateCaseAsync(Caller.ResearcherB, SiteB, SiteBCaseIds[0], CaseBodies.OfType(SiteBCaseIds[0], CalcinosisType.Metastatic, seed: 200));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }

    /// <summary>An id no other request of this registry uses, valid as a site, user or case id.</summary>
    public string UniqueId(string prefix) =>
        $"{prefix}-{Interlocked.Increment(ref _uniqueCounter).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The Authorization header a caller sends, or null for none.</summary>
    public string? AuthorizationOf(Caller caller) => caller switch
    {
        Caller.Anonymous => null,
        Caller.BearerNonsense => "Bearer nonsense",
        Caller.MalformedRegistryToken => "Bearer crt_x_y",
        Caller.TokenWithoutBearerScheme => _tokens[Caller.ResearcherA],
        Caller.BootstrapAdmin => $"Bearer {SecuredRegistryFactory.BootstrapAdminToken}",
        _ => $"Bearer {_tokens[caller]}",
    };

    /// <summary>The actor and role the audit trail records for a caller.</summary>
    public static (string Actor, string Role) AuditIdentityOf(Caller caller) => caller switch
    {
        Caller.BootstrapAdmin => (BootstrapActor, "admin"),
        Caller.Admin => (AdminUserId, "admin"),
        Caller.Analyst => (AnalystUserId, "analyst"),
        Caller.ResearcherA => (ResearcherAUserId, "researcher"),
        Caller.ResearcherB => (ResearcherBUserId, "researcher"),
        _ => ("anonymous", "none"),
    };

    public static HttpRequestMessage Request(HttpMethod method, string path, string? json = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    public Task<HttpResponseMessage> SendAsync(Caller caller, HttpRequestMessage request) =>
        SendWithAuthorizationAsync(AuthorizationOf(caller), request);

    public Task<HttpResponseMessage> SendWithAuthorizationAsync(string? authorization, HttpRequestMessage request)
    {
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> SendAsync(Caller caller, HttpMethod method, string path, string? json = null, string? ifMatch = null) =>
        SendAsync(caller, Request(method, path, json, ifMatch));

    public static string CasePath(string siteId, string caseId) => $"/api/sites/{siteId}/cases/{caseId}";

    public static string CasesPath(string siteId) => $"/api/sites/{siteId}/cases";

    public async Task CreateSiteAsync(string siteId) =>
        await ExpectAsync(HttpStatusCode.Created, Caller.BootstrapAdmin, HttpMethod.Post, "/api/admin/sites",
            JsonSerializer.Serialize(new { siteId, name = $"Site {siteId}" }));

    public async Task CreateUserAsync(string userId, string role, IReadOnlyList<string> sites) =>
        await ExpectAsync(HttpStatusCode.Created, Caller.BootstrapAdmin, HttpMethod.Post, "/api/admin/users",
            JsonSerializer.Serialize(new { userId, displayName = $"User {userId}", role, sites }));

    /// <summary>Issues a token as the bootstrap admin; returns its id and the secret token (shown only here).</summary>
    public async Task<(string TokenId, string Token)> IssueTokenAsync(string userId, int? expiresInDays = null)
    {
        var body = await ExpectAsync(HttpStatusCode.Created, Caller.BootstrapAdmin, HttpMethod.Post, $"/api/admin/users/{userId}/tokens",
            JsonSerializer.Serialize(new { name = "test token", expiresInDays }));
        return (body.GetProperty("info").GetProperty("tokenId").GetString()!, body.GetProperty("token").GetString()!);
    }

    public async Task<(string TokenId, string Token)> CreateUserWithTokenAsync(string userId, string role, IReadOnlyList<string> sites)
    {
        await CreateUserAsync(userId, role, sites);
        return await IssueTokenAsync(userId);
    }

    public async Task CreateCaseAsync(Caller researcher, string siteId, string caseId, string? json = null) =>
        await ExpectAsync(HttpStatusCode.Created, researcher, HttpMethod.Put, CasePath(siteId, caseId), json ?? CaseBodies.Valid(caseId));

    /// <summary>Sends a request that must succeed with <paramref name="expected"/>; returns the JSON body (or an empty object).</summary>
    public async Task<JsonElement> ExpectAsync(HttpStatusCode expected, Caller caller, HttpMethod method, string path, string? json = null, string? ifMatch = null)
    {
        using var response = await SendAsync(caller, method, path, json, ifMatch);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path} as {caller}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// The sequence after which the next request's audit entry will come: verification reports the entries it
    /// checked, and the verification request itself is recorded right after them. Only valid while no other request
    /// reaches this registry at the same time (the tests of one class run one after another).
    /// </summary>
    public async Task<long> AuditCursorAsync()
    {
        var verification = await ExpectAsync(HttpStatusCode.OK, Caller.BootstrapAdmin, HttpMethod.Get, "/api/admin/audit/verify");
        Assert.True(verification.GetProperty("intact").GetBoolean(), $"The audit chain is broken: {verification}");
        return verification.GetProperty("entriesChecked").GetInt64() + 1;
    }

    /// <summary>Audit entries matching a query string (e.g. <c>action=case.read&amp;after=12</c>), read as the bootstrap admin.</summary>
    public async Task<IReadOnlyList<AuditRecord>> AuditAsync(string query)
    {
        var page = await ExpectAsync(HttpStatusCode.OK, Caller.BootstrapAdmin, HttpMethod.Get, $"/api/admin/audit?{query}");
        return [.. page.GetProperty("items").EnumerateArray().Select(AuditRecord.From)];
    }
}
