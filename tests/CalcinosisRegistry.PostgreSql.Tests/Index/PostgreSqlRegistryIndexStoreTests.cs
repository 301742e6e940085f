using System.Text.Json;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;

namespace CalcinosisRegistry.PostgreSql.Tests.Index;

/// <summary>The row-per-case index store against a real server: versions, round trips, replacement, concurrency.</summary>
public sealed class PostgreSqlRegistryIndexStoreTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Site_entries_round_trip_exactly_including_tombstones_and_sub_microsecond_times()
    {
        await using var database = await IndexDatabase.CreateAsync();
        var store = database.Store();
        SiteCaseEntry[] entries =
        [
            new("case-b", 3, Withdrawn: false, "dystrophic", Noon.AddTicks(1234567)),
            new("case-a", 1, Withdrawn: true, null, Noon),
        ];

        await store.UpsertSiteEntriesAsync("site-1", entries);

        var loaded = await store.LoadSiteAsync("site-1");
        Assert.Equal(entries.OrderBy(e => e.CaseId, StringComparer.Ordinal), loaded.OrderBy(e => e.CaseId, StringComparer.Ordinal));
        Assert.Empty(await store.LoadSiteAsync("site-2"));
    }

    [Fact]
    public async Task Upserts_keep_the_higher_version_whatever_the_order()
    {
        await using var database = await IndexDatabase.CreateAsync();
        var store = database.Store();

        // Newer first, then an older and an equal one: neither may replace it.
        await store.UpsertSiteEntriesAsync("site", [Site("case-1", 5, "metastatic")]);
        await store.UpsertSiteEntriesAsync("site", [Site("case-1", 4, "dystrophic"), Site("case-2", 1, "idiopathic")]);
        await store.UpsertSiteEntriesAsync("site", [Site("case-1", 5, "calciphylaxis")]);
        // Older first, then newer: replaced. Two versions of one case in one batch: the higher one counts.
        await store.UpsertSiteEntriesAsync("site", [Site("case-2", 2, "iatrogenic"), Site("case-2", 3, "metastatic")]);

        var byId = (await store.LoadSiteAsync("site")).ToDictionary(e => e.CaseId);
        Assert.Equal((5, "metastatic"), (byId["case-1"].Version, byId["case-1"].CalcinosisType));
        Assert.Equal((3, "metastatic"), (byId["case-2"].Version, byId["case-2"].CalcinosisType));

        await store.UpsertShardEntriesAsync(7, [Shard("case:s/1", 4, Contribution(CalcinosisType.Metastatic))]);
        await store.UpsertShardEntriesAsync(7, [Shard("case:s/1", 3, Contribution(CalcinosisType.Dystrophic))]);
        await store.UpsertShardEntriesAsync(7, [Shard("case:s/1", 4, null)]);
        await store.UpsertShardEntriesAsync(7, [Shard("case:s/2", 1, Contribution(CalcinosisType.Dystrophic))]);
        await store.UpsertShardEntriesAsync(7, [Shard("case:s/2", 2, null)]);

        var shard = (await store.LoadShardAsync(7)).ToDictionary(e => e.CaseKey);
        Assert.Equal(4, shard["case:s/1"].Version);
        Assert.Equal(CalcinosisType.Metastatic, shard["case:s/1"].Contribution!.Type);
        Assert.Equal(2, shard["case:s/2"].Version);
        Assert.Null(shard["case:s/2"].Contribution);
    }

    [Fact]
    public async Task Shard_contributions_round_trip_through_json()
    {
        await using var database = await IndexDatabase.CreateAsync();
        var store = database.Store();
        var contribution = new CaseContribution(CalcinosisType.Dystrophic, 2,
        [
            new CourseOutcome(TreatmentClass.CalciumChannelBlocker, Response.Partial, new RecurrenceObservation(290, Recurred: true)),
            new CourseOutcome(TreatmentClass.Surgery, Response.Complete, new RecurrenceObservation(400, Recurred: false)),
            new CourseOutcome(TreatmentClass.Bisphosphonate, BestResponse: null, Recurrence: null),
        ])
        {
            // The attributes analysis filters use: a restarted shard rebuilds its cohort data from these rows.
            Sex = Sex.Male, AgeAtOnsetYears = 67, DiagnosisYear = 2011,
            UnderlyingConditions = [UnderlyingCondition.SystemicSclerosis, UnderlyingCondition.Lupus],
        };

        await store.UpsertShardEntriesAsync(3, [Shard("case:s/1", 2, contribution), Shard("case:s/2", 5, null)]);

        var loaded = (await store.LoadShardAsync(3)).ToDictionary(e => e.CaseKey);
        Assert.Equal(2, loaded.Count);
        Assert.Equal(JsonSerializer.Serialize(contribution), JsonSerializer.Serialize(loaded["case:s/1"].Contribution));
        var attributes = loaded["case:s/1"].Contribution!;
        Assert.Equal((Sex.Male, 67, 2011), (attributes.Sex, attributes.AgeAtOnsetYears, attributes.DiagnosisYear));
        Assert.Equal([UnderlyingCondition.SystemicSclerosis, UnderlyingCondition.Lupus], attributes.UnderlyingConditions);
        Assert.Null(loaded["case:s/2"].Contribution);
        Assert.Empty(await store.LoadShardAsync(4));
    }

    [Fact]
    public async Task Replacing_a_shard_drops_unlisted_rows_overwrites_equal_versions_and_keeps_newer_ones()
    {
        await using var database = await IndexDatabase.CreateAsync();
        var store = database.Store();
        await store.UpsertShardEntriesAsync(1,
        [
            Shard("case:s/orphan", 1, Contribution(CalcinosisType.Idiopathic)),
            Shard("case:s/same", 2, Contribution(CalcinosisType.Idiopathic)),
            Shard("case:s/newer", 9, Contribution(CalcinosisType.Metastatic)),
        ]);
        await store.UpsertShardEntriesAsync(2, [Shard("case:t/other-shard", 1, null)]);

        await store.ReplaceShardAsync(1,
        [
            Shard("case:s/same", 2, Contribution(CalcinosisType.Dystrophic)),
            Shard("case:s/newer", 8, Contribution(CalcinosisType.Dystrophic)),
            Shard("case:s/added", 1, null),
        ]);

        var shard = (await store.LoadShardAsync(1)).ToDictionary(e => e.CaseKey);
        Assert.Equal(["case:s/added", "case:s/newer", "case:s/same"], shard.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(CalcinosisType.Dystrophic, shard["case:s/same"].Contribution!.Type);
        Assert.Equal((9, CalcinosisType.Metastatic), (shard["case:s/newer"].Version, shard["case:s/newer"].Contribution!.Type));
        Assert.Single(await store.LoadShardAsync(2));

        await store.ReplaceShardAsync(1, []);
        Assert.Empty(await store.LoadShardAsync(1));
    }

    [Fact]
    public async Task Service_ids_keep_registries_apart()
    {
        await using var database = await IndexDatabase.CreateAsync();
        await database.Store("service-a").UpsertSiteEntriesAsync("site", [Site("case-1", 1, "dystrophic")]);
        await database.Store("service-a").UpsertShardEntriesAsync(0, [Shard("case:site/case-1", 1, null)]);

        Assert.Empty(await database.Store("service-b").LoadSiteAsync("site"));
        Assert.Empty(await database.Store("service-b").LoadShardAsync(0));
    }

    [Fact]
    public async Task Concurrent_overlapping_batches_from_two_stores_end_at_each_cases_highest_version()
    {
        await using var database = await IndexDatabase.CreateAsync();
        var stores = new[] { database.Store(), database.Store() };
        const int cases = 200;
        const int batches = 40;

        // Each batch carries a random subset of the cases at random versions, in a random order, so batches overlap
        // and arrive out of version order; both stores write at once.
        var planned = Enumerable.Range(0, batches).Select(seed =>
        {
            var random = new Random(seed);
            return Enumerable.Range(0, cases)
                .Where(_ => random.NextDouble() < 0.5)
                .Select(i => (Key: $"case-{i:D3}", Version: random.Next(1, 1000)))
                .OrderBy(_ => random.Next())
                .ToList();
        }).ToList();

        await Task.WhenAll(planned.Select((batch, index) => Task.Run(async () =>
        {
            var store = stores[index % 2];
            await store.UpsertSiteEntriesAsync("busy", [.. batch.Select(c => Site(c.Key, c.Version, $"v{c.Version}"))]);
            await store.UpsertShardEntriesAsync(5, [.. batch.Select(c => Shard(c.Key, c.Version, c.Version % 2 == 0 ? Contribution(CalcinosisType.Dystrophic) : null))]);
        })));

        var expected = planned.SelectMany(batch => batch)
            .GroupBy(c => c.Key)
            .ToDictionary(group => group.Key, group => group.Max(c => c.Version));
        var site = (await stores[0].LoadSiteAsync("busy")).ToDictionary(e => e.CaseId, e => (e.Version, e.CalcinosisType));
        var shard = (await stores[1].LoadShardAsync(5)).ToDictionary(e => e.CaseKey, e => (e.Version, e.Contribution is not null));
        Assert.Equal(expected.Count, site.Count);
        Assert.Equal(expected.Count, shard.Count);
        foreach (var (key, version) in expected)
        {
            Assert.Equal((version, $"v{version}"), site[key]);
            Assert.Equal((version, version % 2 == 0), shard[key]);
        }
    }

    private static SiteCaseEntry Site(string caseId, int version, string? type) =>
        new(caseId, version, Withdrawn: type is null, type, Noon.AddMinutes(version));

    private static ShardEntry Shard(string caseKey, int version, CaseContribution? contribution) =>
        new(caseKey, version, contribution);

    private static CaseContribution Contribution(CalcinosisType type) =>
        new(type, 1, [new CourseOutcome(TreatmentClass.Surgery, Response.Complete, new RecurrenceObservation(100, Recurred: false))]);
}
