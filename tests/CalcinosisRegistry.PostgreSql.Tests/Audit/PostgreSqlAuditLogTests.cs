using System.Diagnostics;
using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Persistence.PostgreSql.Audit;
using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;
using CalcinosisRegistry.Testing;
using Npgsql;

namespace CalcinosisRegistry.PostgreSql.Tests.Audit;

/// <summary>Appending, querying and verifying against a real PostgreSQL; each test has its own database.</summary>
public sealed class PostgreSqlAuditLogTests
{
    [Fact]
    public async Task Two_logs_appending_concurrently_keep_two_intact_chains_with_every_entry()
    {
        await using var database = await AuditDatabase.CreateAsync();
        // Two instances with their own pools stand for two processes (silos or front ends): only the database
        // orders them.
        await using var first = new PostgreSqlAuditLog(database.ConnectionString);
        await using var second = new PostgreSqlAuditLog(database.ConnectionString);

        await Task.WhenAll(Enumerable.Range(1, 1000).Select(i => Task.Run(() =>
            (i % 2 == 0 ? first : second).AppendAsync(AuditTestEvents.Event(i), CancellationToken.None))));

        Assert.Equal(new AuditVerification(true, 1000, null, null), await first.VerifyAsync(CancellationToken.None));
        Assert.Equal(new AuditVerification(true, 1000, null, null), await second.VerifyAsync(CancellationToken.None));
        var all = await second.QueryAsync(AuditTestEvents.All(), CancellationToken.None);
        // Each writer its own chain, numbered 1..n without gaps; the listing orders both by position.
        Assert.Equal(new[] { first.Chain, second.Chain }.Order(StringComparer.Ordinal),
            all.Entries.Select(entry => entry.Chain).Distinct().Order(StringComparer.Ordinal));
        foreach (var chain in all.Entries.GroupBy(entry => entry.Chain))
        {
            Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), chain.Select(entry => entry.Sequence));
        }

        Assert.Equal(all.Entries.Select(entry => entry.Position).Order(), all.Entries.Select(entry => entry.Position));
        Assert.Equal(1000, all.Entries.Select(entry => entry.Position).Distinct().Count());
        Assert.Equal(
            Enumerable.Range(1, 1000).Select(i => AuditChain.Normalize(AuditTestEvents.Event(i))).OrderBy(e => e.At),
            all.Entries.Select(entry => entry.Event).OrderBy(e => e.At));
        Assert.Equal(1000L, await SqlProbe.ScalarAsync(database.ConnectionString, "SELECT sum(sequence)::bigint FROM audit_chain_head"));

        // Group commit: xmin is the inserting transaction, and far fewer transactions than appends were needed.
        var transactions = await SqlProbe.CountAsync(database.ConnectionString, "SELECT count(DISTINCT xmin::text) FROM audit_log");
        Assert.InRange(transactions, 2, 500);
    }

    [Fact]
    public async Task Disposing_twice_is_harmless_and_keeps_the_last_entries_anchored()
    {
        await using var database = await AuditDatabase.CreateAsync();
        var log = new PostgreSqlAuditLog(database.ConnectionString);
        await log.AppendAsync(AuditTestEvents.Event(1), CancellationToken.None);

        await log.DisposeAsync();
        await log.DisposeAsync();

        // The stopping writer anchored its one entry exactly once: the second dispose published nothing more.
        var anchors = await SqlProbe.ColumnAsync(database.ConnectionString, "SELECT heads FROM audit_anchor");
        var anchoredSequence = Assert.Single(anchors.Select(AuditChainHeads.Parse).SelectMany(heads => heads!),
            pair => pair.Key == log.Chain).Value.Sequence;
        Assert.Equal(1, anchoredSequence);
        await using var reader = new PostgreSqlAuditLog(database.ConnectionString);
        Assert.Equal(new AuditVerification(true, 1, null, null), await reader.VerifyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_running_writer_anchors_what_it_appended_without_being_stopped()
    {
        await using var database = await AuditDatabase.CreateAsync();
        await using var log = new PostgreSqlAuditLog(database.ConnectionString);
        for (var i = 1; i <= 3; i++)
        {
            await log.AppendAsync(AuditTestEvents.Event(i), CancellationToken.None);
        }

        // Every 5 s a writer that appended gets an anchor of its chain's head: here the head after three entries.
        await Eventually.SucceedsAsync(async () =>
        {
            var anchored = (await SqlProbe.ColumnAsync(database.ConnectionString, "SELECT heads FROM audit_anchor"))
                .Select(AuditChainHeads.Parse).SelectMany(heads => heads!)
                .Where(pair => pair.Key == log.Chain).Select(pair => pair.Value.Sequence).ToList();
            return anchored.Contains(3) ? null : $"anchored sequences of the chain: [{string.Join(", ", anchored)}]";
        }, "the periodic anchor", TimeSpan.FromSeconds(20));
        Assert.Equal(new AuditVerification(true, 3, null, null), await log.VerifyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Stored_entries_read_back_exactly_as_the_in_memory_chain_builds_them()
    {
        await using var database = await AuditDatabase.CreateAsync();
        await using var log = new PostgreSqlAuditLog(database.ConnectionString);
        var expected = new List<AuditEntry>();
        var head = AuditHead.Empty;
        for (var i = 1; i <= 12; i++)
        {
            await log.AppendAsync(AuditTestEvents.Event(i), CancellationToken.None);
            var entry = AuditChain.AppendAfter(log.Chain, head, AuditTestEvents.Event(i));
            // The only writer of a fresh database: its entries list in the order of its chain.
            expected.Add(entry with { Position = entry.Sequence });
            head = entry.ToHead();
        }

        var stored = await log.QueryAsync(AuditTestEvents.All(), CancellationToken.None);

        // Same hashes: the database kept every field (UTC microseconds, nulls, non-ASCII, newlines) unchanged.
        Assert.Equal(expected, stored.Entries);
    }

    [Fact]
    public async Task Query_filters_and_pages_like_the_in_memory_log()
    {
        await using var database = await AuditDatabase.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var log = new PostgreSqlAuditLog(dataSource);
        var memory = new InMemoryAuditLog();
        for (var i = 1; i <= 60; i++)
        {
            await log.AppendAsync(AuditTestEvents.Event(i), CancellationToken.None);
            await memory.AppendAsync(AuditTestEvents.Event(i), CancellationToken.None);
        }

        AuditQuery[] queries =
        [
            AuditTestEvents.All(7),
            new("ana@north", null, null, null, null, null, null, null, 4),
            new(null, "north-general", null, null, null, null, null, null, 6),
            new(null, null, "MAYO-0003", null, null, null, null, null, 2),
            new(null, null, null, "case.replace", null, null, null, null, 5),
            new(null, null, null, null, "denied", null, null, null, 3),
            new(null, null, null, null, null, AuditTestEvents.Start.AddSeconds(10), AuditTestEvents.Start.AddSeconds(25), null, 4),
            new("ben@south", "south-clinic", null, "case.create", "allowed", AuditTestEvents.Start, null, 5, 3),
            new("nobody", null, null, null, null, null, null, null, 10),
        ];

        foreach (var query in queries)
        {
            var stored = await ReadAllPagesAsync(log, query);
            var expected = await ReadAllPagesAsync(memory, query);
            Assert.Equal(expected.Select(page => page.Entries.Select(entry => entry.Sequence).ToList()),
                stored.Select(page => page.Entries.Select(entry => entry.Sequence).ToList()));
            Assert.Equal(expected.Select(page => page.NextAfterSequence), stored.Select(page => page.NextAfterSequence));
        }

        var byActor = await ReadAllPagesAsync(log, queries[1]);
        Assert.Equal(Enumerable.Range(1, 60).Where(i => i % 3 == 0).Select(i => (long)i),
            byActor.SelectMany(page => page.Entries).Select(entry => entry.Sequence));
        Assert.True(byActor.Count > 1);
    }

    [Fact]
    public async Task Updating_one_rows_actor_is_detected()
    {
        var verification = await VerifyAfterTamperingAsync("UPDATE audit_log SET actor = 'mallory' WHERE sequence = 3");

        Assert.False(verification.Intact);
        Assert.Equal(3, verification.FirstBadSequence);
        Assert.Contains("modified", verification.Problem, StringComparison.Ordinal);
    }

    /// <summary>Finding 14.5: the token that authenticated a request is part of the chain, so it cannot be re-attributed.</summary>
    [Fact]
    public async Task Updating_one_rows_token_id_is_detected()
    {
        var verification = await VerifyAfterTamperingAsync("UPDATE audit_log SET token_id = 'someone-else' WHERE sequence = 4");

        Assert.False(verification.Intact);
        Assert.Equal(4, verification.FirstBadSequence);
    }

    [Fact]
    public async Task Updating_a_timestamp_by_one_microsecond_is_detected()
    {
        var verification = await VerifyAfterTamperingAsync(
            "UPDATE audit_log SET occurred_at = occurred_at + interval '1 microsecond' WHERE sequence = 2");

        Assert.Equal(2, verification.FirstBadSequence);
    }

    [Fact]
    public async Task Deleting_a_middle_row_is_detected()
    {
        var verification = await VerifyAfterTamperingAsync("DELETE FROM audit_log WHERE sequence = 3");

        Assert.False(verification.Intact);
        Assert.Equal(3, verification.FirstBadSequence);
        Assert.Contains("missing", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inserting_a_forged_row_with_a_valid_looking_hash_is_detected()
    {
        await using var database = await AuditDatabase.CreateAsync();
        await AppendFiveAsync(database);
        // The forger knows the algorithm: the row links correctly to entry 5 and hashes correctly.
        var last = (await SqlProbe.ScalarAsync(database.ConnectionString, "SELECT hash FROM audit_log WHERE sequence = 5")) as string;
        var forged = AuditChain.AppendAfter(await ChainOfAsync(database), new AuditHead(5, last!), AuditTestEvents.Event(42) with { Actor = "mallory" });
        await InsertRowAsync(database, forged);

        await using var log = new PostgreSqlAuditLog(database.ConnectionString);
        var verification = await log.VerifyAsync(CancellationToken.None);

        Assert.False(verification.Intact);
        Assert.Equal(6, verification.FirstBadSequence);
    }

    [Fact]
    public async Task Inserting_a_forged_row_in_the_middle_by_renumbering_is_detected()
    {
        await using var database = await AuditDatabase.CreateAsync();
        await AppendFiveAsync(database);
        // Make room at 3 (in two steps: the primary key is checked row by row), then slip in a well-formed entry
        // that links to entry 2. The displaced entries now hash with the wrong sequence.
        await SqlProbe.ExecuteAsync(database.ConnectionString, "UPDATE audit_log SET sequence = sequence + 100 WHERE sequence >= 3");
        await SqlProbe.ExecuteAsync(database.ConnectionString, "UPDATE audit_log SET sequence = sequence - 99 WHERE sequence >= 100");
        var second = (await SqlProbe.ScalarAsync(database.ConnectionString, "SELECT hash FROM audit_log WHERE sequence = 2")) as string;
        await InsertRowAsync(database, AuditChain.AppendAfter(await ChainOfAsync(database), new AuditHead(2, second!), AuditTestEvents.Event(42)));

        await using var log = new PostgreSqlAuditLog(database.ConnectionString);
        var verification = await log.VerifyAsync(CancellationToken.None);

        Assert.False(verification.Intact);
        Assert.Equal(4, verification.FirstBadSequence);
    }

    [Fact]
    public async Task Deleting_the_last_row_is_detected_by_the_head()
    {
        var verification = await VerifyAfterTamperingAsync("DELETE FROM audit_log WHERE sequence = 5");

        Assert.False(verification.Intact);
        Assert.Equal(5, verification.FirstBadSequence);
        Assert.Contains("removed from the end", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_every_row_is_detected_by_the_head()
    {
        var verification = await VerifyAfterTamperingAsync("DELETE FROM audit_log");

        Assert.Equal(1, verification.FirstBadSequence);
    }

    [Fact]
    public async Task Deleting_a_chains_head_row_is_reported_and_stops_its_appends()
    {
        await using var database = await AuditDatabase.CreateAsync();
        await using var log = new PostgreSqlAuditLog(database.ConnectionString);
        for (var i = 1; i <= 5; i++)
        {
            await log.AppendAsync(AuditTestEvents.Event(i), CancellationToken.None);
        }

        await SqlProbe.ExecuteAsync(database.ConnectionString, "DELETE FROM audit_chain_head");

        var verification = await log.VerifyAsync(CancellationToken.None);
        Assert.False(verification.Intact);
        Assert.Contains("no head row", verification.Problem, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => log.AppendAsync(AuditTestEvents.Event(6), CancellationToken.None));
    }

    [Fact]
    public async Task An_unreachable_database_makes_AppendAsync_throw_within_seconds()
    {
        var builder = new NpgsqlConnectionStringBuilder(await PostgreSqlServer.GetAdminConnectionStringAsync()) { Port = 1 };
        await using var log = new PostgreSqlAuditLog(builder.ConnectionString);
        var stopwatch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => log.AppendAsync(AuditTestEvents.Event(1), CancellationToken.None));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(6), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task A_failing_transaction_fails_its_callers_and_appends_resume_once_the_database_does()
    {
        await using var database = await AuditDatabase.CreateAsync();
        await using var log = new PostgreSqlAuditLog(database.ConnectionString);
        await log.AppendAsync(AuditTestEvents.Event(1), CancellationToken.None);

        // A fault inside the transaction (the table it locks is gone) rather than at connect time.
        await SqlProbe.ExecuteAsync(database.ConnectionString, "ALTER TABLE audit_chain_head RENAME TO audit_head_away");
        var failures = await Task.WhenAll(Enumerable.Range(2, 20).Select(async i =>
            await Record.ExceptionAsync(() => log.AppendAsync(AuditTestEvents.Event(i), CancellationToken.None))));
        Assert.All(failures, failure => Assert.IsType<PostgresException>(failure));
        await SqlProbe.ExecuteAsync(database.ConnectionString, "ALTER TABLE audit_head_away RENAME TO audit_chain_head");

        await log.AppendAsync(AuditTestEvents.Event(30), CancellationToken.None);

        Assert.Equal(new AuditVerification(true, 2, null, null), await log.VerifyAsync(CancellationToken.None));
    }

    private static async Task<AuditVerification> VerifyAfterTamperingAsync(params string[] tamperingSql)
    {
        await using var database = await AuditDatabase.CreateAsync();
        await AppendFiveAsync(database);
        foreach (var sql in tamperingSql)
        {
            await SqlProbe.ExecuteAsync(database.ConnectionString, sql);
        }

        await using var log = new PostgreSqlAuditLog(database.ConnectionString);
        return await log.VerifyAsync(CancellationToken.None);
    }

    private static async Task AppendFiveAsync(AuditDatabase database)
    {
        await using var log = new PostgreSqlAuditLog(database.ConnectionString);
        for (var i = 1; i <= 5; i++)
        {
            await log.AppendAsync(AuditTestEvents.Event(i), CancellationToken.None);
        }

        // Intact before anyone touches it, so whatever the test then sees is caused by its own SQL.
        Assert.Equal(new AuditVerification(true, 5, null, null), await log.VerifyAsync(CancellationToken.None));
    }

    /// <summary>The one writer's chain of a database <see cref="AppendFiveAsync"/> wrote.</summary>
    private static async Task<string> ChainOfAsync(AuditDatabase database) =>
        (string)(await SqlProbe.ScalarAsync(database.ConnectionString, "SELECT chain_id FROM audit_chain_head"))!;

    private static Task InsertRowAsync(AuditDatabase database, AuditEntry forged) =>
        SqlProbe.ExecuteAsync(database.ConnectionString,
            "INSERT INTO audit_log (chain_id, sequence, occurred_at, actor, role, action, site_id, case_id, version_before, version_after, outcome, status, detail, previous_hash, hash, token_id) "
            + "VALUES (@chain, @sequence, @at, @actor, @role, @action, @site, @case, @before, @after, @outcome, @status, @detail, @previous, @hash, @token)",
            ("chain", forged.Chain), ("token", (object?)forged.Event.TokenId ?? DBNull.Value),
            ("sequence", forged.Sequence), ("at", forged.Event.At), ("actor", forged.Event.Actor), ("role", forged.Event.Role),
            ("action", forged.Event.Action), ("site", (object?)forged.Event.SiteId ?? DBNull.Value),
            ("case", (object?)forged.Event.CaseId ?? DBNull.Value), ("before", (object?)forged.Event.VersionBefore ?? DBNull.Value),
            ("after", (object?)forged.Event.VersionAfter ?? DBNull.Value), ("outcome", forged.Event.Outcome),
            ("status", (object?)forged.Event.Status ?? DBNull.Value), ("detail", (object?)forged.Event.Detail ?? DBNull.Value),
            ("previous", forged.PreviousHash), ("hash", forged.Hash));

    private static async Task<List<AuditPage>> ReadAllPagesAsync(IAuditLog log, AuditQuery query)
    {
        var pages = new List<AuditPage>();
        for (AuditPage? page = null; page is null || page.NextAfterSequence is not null;)
        {
            page = await log.QueryAsync(query with { AfterSequence = page?.NextAfterSequence ?? query.AfterSequence }, CancellationToken.None);
            pages.Add(page);
        }

        return pages;
    }
}
