using CalcinosisRegistry.Domain.Audit;

namespace CalcinosisRegistry.Domain.Tests.Audit;

public sealed class InMemoryAuditLogTests
{
    [Fact]
    public async Task A_thousand_concurrent_appends_make_one_intact_chain_of_a_thousand_entries()
    {
        var log = new InMemoryAuditLog();

        await Task.WhenAll(Enumerable.Range(1, 1000).Select(i =>
            Task.Run(() => log.AppendAsync(SampleAuditEvents.Event(i), CancellationToken.None))));

        var verification = await log.VerifyAsync(CancellationToken.None);
        Assert.Equal(new AuditVerification(true, 1000, null, null), verification);
        var all = await log.QueryAsync(new AuditQuery(null, null, null, null, null, null, null, null, AuditQuery.MaxLimit), CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), all.Entries.Select(entry => entry.Sequence));
        // Every event is there exactly once.
        Assert.Equal(
            Enumerable.Range(1, 1000).Select(i => AuditChain.Normalize(SampleAuditEvents.Event(i))).OrderBy(e => e.At),
            all.Entries.Select(entry => entry.Event).OrderBy(e => e.At));
        Assert.Null(all.NextAfterSequence);
    }

    [Fact]
    public async Task Query_filters_combine_and_pages_continue_where_the_last_ended()
    {
        var log = new InMemoryAuditLog();
        for (var i = 1; i <= 40; i++)
        {
            await log.AppendAsync(SampleAuditEvents.Event(i), CancellationToken.None);
        }

        var byActor = new AuditQuery("ana@north", null, null, null, null, null, null, null, 5);
        var pages = new List<AuditPage>();
        for (AuditPage? page = null; page is null || page.NextAfterSequence is not null;)
        {
            page = await log.QueryAsync(byActor with { AfterSequence = page?.NextAfterSequence }, CancellationToken.None);
            pages.Add(page);
        }

        var expected = Enumerable.Range(1, 40).Where(i => i % 3 == 0).Select(i => (long)i).ToList();
        Assert.Equal(expected, pages.SelectMany(page => page.Entries).Select(entry => entry.Sequence));
        Assert.Equal(3, pages.Count);
        Assert.All(pages.SkipLast(1), page => Assert.Equal(5, page.Entries.Count));

        var combined = await log.QueryAsync(
            new AuditQuery(null, "north-general", null, "case.read", "denied", SampleAuditEvents.Start.AddSeconds(10), SampleAuditEvents.Start.AddSeconds(30), null, 100),
            CancellationToken.None);
        Assert.Equal([20L], combined.Entries.Select(entry => entry.Sequence));

        var none = await log.QueryAsync(new AuditQuery("nobody", null, null, null, null, null, null, null, 10), CancellationToken.None);
        Assert.Empty(none.Entries);
        Assert.Null(none.NextAfterSequence);
    }

    [Fact]
    public async Task A_limit_outside_the_allowed_range_is_refused()
    {
        var log = new InMemoryAuditLog();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            log.QueryAsync(new AuditQuery(null, null, null, null, null, null, null, null, 0), CancellationToken.None));
    }

    [Fact]
    public async Task An_empty_log_verifies()
    {
        Assert.True((await new InMemoryAuditLog().VerifyAsync(CancellationToken.None)).Intact);
    }
}
