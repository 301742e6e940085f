using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CalcinosisRegistry.Domain.Cases;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CalcinosisRegistry.Bulk.Tests.Infrastructure;

/// <summary>One registry host per test class, with helpers to provision sites and researchers through the admin API.</summary>
public sealed class BulkRegistry : IAsyncLifetime
{
    public BulkRegistryFactory Factory { get; private init; } = new();

    /// <summary>A registry over a factory set up by the test (the fixture's own is the plain one); dispose it.</summary>
    public static async Task<BulkRegistry> StartAsync(BulkRegistryFactory factory, bool overKestrel = false)
    {
        if (overKestrel)
        {
            // Real HTTP on a free port: the in-memory test server would take a request body whole before the endpoint runs.
            factory.UseKestrel(0);
            factory.StartServer();
        }

        var registry = new BulkRegistry { Factory = factory };
        await registry.InitializeAsync();
        return registry;
    }

    public HttpClient Admin { get; private set; } = null!;

    /// <summary>Where Kestrel listens, for a registry started over Kestrel (real HTTP with a client of the test's own).</summary>
    public Uri KestrelAddress => new(Factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    public Task InitializeAsync()
    {
        Admin = Factory.CreateClient();
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BulkRegistryFactory.BootstrapAdminToken);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Factory.DisposeAsync();
        Directory.Delete(Factory.ScratchDirectory, recursive: true);
    }

    /// <summary>A new site and a researcher of it; returns the site id, the researcher's token and a client using it.</summary>
    public async Task<(string SiteId, string Token, HttpClient Client)> NewSiteWithResearcherAsync(string prefix)
    {
        var siteId = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
        var userId = $"r-{siteId}";
        await ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/admin/sites", new { siteId, name = $"Site {siteId}" });
        await ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/admin/users",
            new { userId, displayName = $"Researcher of {siteId}", role = "researcher", sites = new[] { siteId } });
        var issued = await ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"/api/admin/users/{userId}/tokens", new { name = "bulk tests", expiresInDays = 30 });
        var token = issued.GetProperty("token").GetString()!;
        return (siteId, token, ClientWith(token));
    }

    public async Task<string> NewAnalystTokenAsync()
    {
        var userId = $"analyst-{Guid.NewGuid():N}"[..20];
        await ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/admin/users",
            new { userId, displayName = "Analyst", role = "analyst", sites = Array.Empty<string>() });
        var issued = await ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"/api/admin/users/{userId}/tokens", new { name = "bulk tests", expiresInDays = 30 });
        return issued.GetProperty("token").GetString()!;
    }

    public HttpClient ClientWith(string token)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>PUTs each case as a new case; all must be created.</summary>
    public static async Task PutAllAsync(HttpClient researcher, string siteId, IEnumerable<CaseDocument> documents)
    {
        foreach (var document in documents)
        {
            using var content = new StringContent(CaseJson.Serialize(document), Encoding.UTF8, "application/json");
            using var response = await researcher.PutAsync($"/api/sites/{siteId}/cases/{document.CaseId}", content);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"PUT {document.CaseId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The audit entries of one action at one site, newest last, as the admin reads them.</summary>
    public async Task<List<JsonElement>> AuditEventsAsync(string action, string siteId)
    {
        var page = await ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/admin/audit?action={action}&siteId={siteId}&limit=500", null);
        return [.. page.GetProperty("items").EnumerateArray().Select(entry => entry.GetProperty("event").Clone())];
    }

    private async Task<JsonElement> ExpectAsync(HttpStatusCode expected, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await Admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return document.RootElement.Clone();
    }
}
