using System.Net;
using System.Text.Json;
using CalcinosisRegistry.Security.Tests.Infrastructure;

namespace CalcinosisRegistry.Security.Tests.Statistics;

/// <summary>
/// Privacy of aggregates over HTTP: admins get exact counts; analysts and researchers get counts 1..k−1 (k=5 by
/// default) withheld as null and named in "suppressed". The registry seeds 3 dystrophic and 1 metastatic case.
/// </summary>
public sealed class SuppressionTests(SuppressingRegistry registry) : IClassFixture<SuppressingRegistry>
{
    private const int DefaultK = 5;
    private static readonly TimeSpan RefreshDeadline = TimeSpan.FromSeconds(5);
    private static readonly string[] Types = ["dystrophic", "metastatic", "idiopathic", "iatrogenic", "all"];

    [Fact]
    public async Task AdminsSeeExactCounts()
    {
        var all = await Eventually.ReadUntilAsync(() => TypeAsync(Caller.Admin, "all"),
            statistics => statistics.GetProperty("casesIncluded").GetInt32() == 4, RefreshDeadline);

        Assert.Equal(4, all.GetProperty("casesIncluded").GetInt32());
        Assert.Equal(3, (await TypeAsync(Caller.BootstrapAdmin, "dystrophic")).GetProperty("casesIncluded").GetInt32());
        Assert.Equal(1, (await TypeAsync(Caller.Admin, "metastatic")).GetProperty("casesIncluded").GetInt32());
        Assert.False((await TypeAsync(Caller.Admin, "dystrophic")).TryGetProperty("suppressed", out _), "An admin's statistics carry suppression marks.");
    }

    [Theory]
    [InlineData(Caller.Analyst)]
    [InlineData(Caller.ResearcherA)]
    public async Task OthersSeeSmallCountsSuppressedAndMarked(Caller caller)
    {
        await Eventually.ReadUntilAsync(() => TypeAsync(Caller.Admin, "all"),
            statistics => statistics.GetProperty("casesIncluded").GetInt32() == 4, RefreshDeadline);

        foreach (var type in Types)
        {
            var exact = await TypeAsync(Caller.Admin, type);
            // The suppressed view is refreshed every second: poll until it reflects the seeded cases.
            var published = await Eventually.ReadUntilAsync(() => TypeAsync(caller, type),
                candidate => SuppressionComparison.Faults(exact, candidate, DefaultK).Count == 0, RefreshDeadline);
            var faults = SuppressionComparison.Faults(exact, published, DefaultK);
            Assert.True(faults.Count == 0, $"{type} as {caller}:\n{string.Join("\n", faults)}\nexact: {exact}\npublished: {published}");
        }

        var dystrophic = await TypeAsync(caller, "dystrophic");
        Assert.Equal(JsonValueKind.Null, dystrophic.GetProperty("casesIncluded").ValueKind);
        Assert.Contains("casesIncluded", dystrophic.GetProperty("suppressed").EnumerateArray().Select(item => item.GetString()));
        Assert.True(SuppressionComparison.SmallCounts(await TypeAsync(Caller.Admin, "dystrophic"), DefaultK) > 0);
    }

    [Fact]
    public async Task TheAllTypesDocumentOfAnAnalystIsSuppressedToo()
    {
        await Eventually.ReadUntilAsync(() => TypeAsync(Caller.Admin, "all"),
            statistics => statistics.GetProperty("casesIncluded").GetInt32() == 4, RefreshDeadline);
        var exact = await registry.ExpectAsync(HttpStatusCode.OK, Caller.Admin, HttpMethod.Get, "/api/statistics");
        var published = await Eventually.ReadUntilAsync(
            () => registry.ExpectAsync(HttpStatusCode.OK, Caller.Analyst, HttpMethod.Get, "/api/statistics"),
            candidate => Faults(exact, candidate).Count == 0, RefreshDeadline);

        var faults = Faults(exact, published);
        Assert.True(faults.Count == 0, $"{string.Join("\n", faults)}\npublished: {published}");
    }

    private static List<string> Faults(JsonElement exact, JsonElement published)
    {
        var faults = new List<string>(SuppressionComparison.Faults(exact.GetProperty("allTypes"), published.GetProperty("allTypes"), DefaultK));
        var publishedTypes = published.GetProperty("types").EnumerateArray().ToList();
        foreach (var exactType in exact.GetProperty("types").EnumerateArray())
        {
            var name = exactType.GetProperty("calcinosisType").GetString();
            var match = publishedTypes.SingleOrDefault(t => t.GetProperty("calcinosisType").GetString() == name);
            if (match.ValueKind != JsonValueKind.Object)
            {
                faults.Add($"type {name} is not published");
                continue;
            }

            faults.AddRange(SuppressionComparison.Faults(exactType, match, DefaultK).Select(fault => $"{name}: {fault}"));
        }

        return faults;
    }

    private Task<JsonElement> TypeAsync(Caller caller, string type) =>
        registry.ExpectAsync(HttpStatusCode.OK, caller, HttpMethod.Get, $"/api/statistics/types/{type}?curve=false");
}
