using System.Net;
using System.Net.Http.Headers;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;
using CalcinosisRegistry.Operations.Tests.Infrastructure;

namespace CalcinosisRegistry.Operations.Tests.Telemetry;

/// <summary>The registry's own meters, read with OpenTelemetry's in-memory exporter while a real host serves requests.</summary>
[Collection(MetricsCollection.Name)]
public sealed class RegistryMetricsTests : IClassFixture<OperationsRegistryFactory>
{
    private const string Site = "metrics-site";
    private readonly OperationsRegistryFactory _factory;

    public RegistryMetricsTests(OperationsRegistryFactory factory) => _factory = factory;

    [Fact]
    public async Task Case_writes_are_counted_and_timed_by_outcome_and_every_request_appends_one_audit_entry()
    {
        using var meters = new MeterListening();
        var requests = 0;
        using var admin = _factory.CreateClient().As(OperationsRegistryFactory.AdminToken);
        var researcherToken = await RegistryCalls.IssueTokenAsync(admin, $"writer-{Guid.NewGuid():N}"[..16], "researcher", Site);
        requests += 3; // site, user, token
        using var researcher = _factory.CreateClient().As(researcherToken);
        var prefix = Guid.NewGuid().ToString("N")[..8];

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await PutAsync(researcher, $"{prefix}-{i}", seed: i, ifMatch: null)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(researcher, $"{prefix}-0", seed: 99, ifMatch: "\"1\"")).StatusCode);
        using (var invalid = await researcher.PutAsync($"/api/sites/{Site}/cases/{prefix}-bad", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        using (var withdraw = new HttpRequestMessage(HttpMethod.Delete, $"/api/sites/{Site}/cases/{prefix}-1"))
        {
            withdraw.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
            Assert.Equal(HttpStatusCode.NoContent, (await researcher.SendAsync(withdraw)).StatusCode);
        }

        requests += 6;

        var writes = meters.Points("registry.case.writes")
            .ToDictionary(p => (MeterListening.Tag(p, "operation"), MeterListening.Tag(p, "outcome")), p => p.GetSumLong());
        Assert.Equal(new Dictionary<(string?, string?), long>
        {
            [("put", "created")] = 3,
            [("put", "updated")] = 1,
            [("put", "invalid")] = 1,
            [("withdraw", "withdrawn")] = 1,
        }, writes);

        var durations = meters.Points("registry.case.write.duration");
        Assert.Equal(6, durations.Sum(p => p.GetHistogramCount()));
        Assert.All(durations, p => Assert.InRange(p.GetHistogramSum(), 0, 60 * p.GetHistogramCount()));

        var appended = meters.Points("registry.audit.appends").Where(p => MeterListening.Tag(p, "outcome") == "appended").Sum(p => p.GetSumLong());
        Assert.Equal(requests, appended);
    }

    [Fact]
    public async Task Serving_exact_statistics_records_how_old_they_were()
    {
        using var meters = new MeterListening();
        using var admin = _factory.CreateClient().As(OperationsRegistryFactory.AdminToken);

        using var all = await admin.GetAsync("/api/statistics?curve=false");
        using var one = await admin.GetAsync("/api/statistics/types/dystrophic?curve=false");

        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        var ages = meters.Points("registry.statistics.age").ToDictionary(p => MeterListening.Tag(p, "scope")!);
        Assert.Equal(1, ages["all"].GetHistogramCount());
        Assert.Equal(1, ages["type"].GetHistogramCount());
        Assert.True(ages["all"].GetHistogramSum() >= 0);
    }

    [Fact]
    public async Task The_publication_sweeper_reports_its_backlog()
    {
        using var meters = new MeterListening();
        using var admin = _factory.CreateClient().As(OperationsRegistryFactory.AdminToken);
        using var started = await admin.GetAsync("/health/ready");

        // The sweeper sweeps every 2 s once the silo runs; nothing is left unpublished in a healthy embedded registry.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        IReadOnlyList<OpenTelemetry.Metrics.MetricPoint> backlog = [];
        while (DateTime.UtcNow < deadline && backlog.Count == 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            backlog = meters.Points("registry.publication.backlog");
        }

        var point = Assert.Single(backlog);
        Assert.Equal(0, point.GetGaugeLastValueLong());
        Assert.Equal(0, Assert.Single(meters.Points("registry.publication.backlog.age")).GetGaugeLastValueDouble());
    }

    [Fact]
    public async Task The_prometheus_scrape_endpoint_is_for_admins_only()
    {
        using var anonymous = _factory.CreateClient();
        using var admin = _factory.CreateClient().As(OperationsRegistryFactory.AdminToken);
        var analystToken = await RegistryCalls.IssueTokenAsync(admin, $"scraper-{Guid.NewGuid():N}"[..16], "analyst");
        using var analyst = _factory.CreateClient().As(analystToken);
        var researcherToken = await RegistryCalls.IssueTokenAsync(admin, $"writer-{Guid.NewGuid():N}"[..16], "researcher", Site);
        using var researcher = _factory.CreateClient().As(researcherToken);
        using var write = await PutAsync(researcher, $"scraped-{Guid.NewGuid():N}"[..16], seed: 1, ifMatch: null);
        Assert.Equal(HttpStatusCode.Created, write.StatusCode);

        using var refusedAnonymous = await anonymous.GetAsync("/api/admin/metrics");
        using var refusedAnalyst = await analyst.GetAsync("/api/admin/metrics");
        using var scrape = await admin.GetAsync("/api/admin/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, refusedAnonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedAnalyst.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Contains("registry_case_writes_total", text);
        Assert.Contains("registry_audit_appends_total", text);
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string caseId, int seed, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/sites/{Site}/cases/{caseId}")
        {
            Content = new StringContent(CaseJson.Serialize(SyntheticCohort.NewCase(new Random(seed), caseId)), System.Text.Encoding.UTF8, "application/json"),
        };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        return client.SendAsync(request);
    }
}
