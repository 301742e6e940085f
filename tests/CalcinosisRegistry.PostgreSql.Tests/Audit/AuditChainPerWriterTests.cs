using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Persistence.PostgreSql.Audit;
using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;

namespace CalcinosisRegistry.PostgreSql.Tests.Audit;

/// <summary>
/// One chain per writer (migration 0040) against a real PostgreSQL: three writers append concurrently, each to its
/// own chain, and publish anchors of every chain's head. Then one kind of tampering per test, in one chain of the
/// three, done the way someone with write access to the tables would: the verification must name it.
/// </summary>
public sealed class AuditChainPerWriterTests
{
    private const int WritersCount = 3;
    private const int EntriesPerWriter = 40;

    [Fact]
    public async Task Three_writers_appending_concurrently_keep_three_intact_anchored_chains()
    {
        await using var database = await AuditDatabase.CreateAsync();
        var chains = await AppendConcurrentlyAsync(database);

        var verification = await VerifyAsync(database);

        Assert.Equal(new AuditVerification(true, WritersCount * EntriesPerWriter, null, null), verification);
        Assert.Equal(chains.Order(StringComparer.Ordinal),
            await SqlProbe.ColumnAsync(database.ConnectionString, "SELECT chain_id FROM audit_chain_head ORDER BY chain_id COLLATE \"C\""));
        foreach (var chain in chains)
        {
            Assert.Equal((long)EntriesPerWriter, await SqlProbe.ScalarAsync(database.ConnectionString,
                "SELECT sequence FROM audit_chain_head WHERE chain_id = @chain", ("chain", chain)));
            Assert.Equal((long)EntriesPerWriter, await SqlProbe.CountAsync(database.ConnectionString,
                "SELECT count(DISTINCT sequence) FROM audit_log WHERE chain_id = @chain AND sequence BETWEEN 1 AND @n", ("chain", chain), ("n", (long)EntriesPerWriter)));
        }

        // Every chain's last head is in an anchor, and the anchors form one chain of their own.
        var anchored = await SqlProbe.ColumnAsync(database.ConnectionString, "SELECT heads FROM audit_anchor ORDER BY sequence");
        var lastAnchoredHeads = anchored.Select(AuditChainHeads.Parse).SelectMany(heads => heads!)
            .GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.Max(pair => pair.Value.Sequence));
        Assert.All(chains, chain => Assert.Equal(EntriesPerWriter, lastAnchoredHeads[chain]));
    }

    [Fact]
    public async Task Changing_one_entry_of_one_chain_is_detected_in_that_chain()
    {
        var (verification, chain) = await VerifyAfterTamperingAsync(
            victim => [$"UPDATE audit_log SET detail = 'nothing happened' WHERE chain_id = '{victim}' AND sequence = 7"]);

        AssertCaught(verification, chain, 7, "modified");
    }

    [Fact]
    public async Task Removing_one_entry_of_one_chain_is_detected_in_that_chain()
    {
        var (verification, chain) = await VerifyAfterTamperingAsync(
            victim => [$"DELETE FROM audit_log WHERE chain_id = '{victim}' AND sequence = 12"]);

        AssertCaught(verification, chain, 12, "missing");
    }

    [Fact]
    public async Task Inserting_a_well_formed_entry_into_one_chain_by_renumbering_is_detected()
    {
        await using var database = await AuditDatabase.CreateAsync();
        var victim = (await AppendConcurrentlyAsync(database))[1];
        // Room at 10 (two steps: the primary key is checked row by row), then an entry that links to entry 9 and
        // hashes correctly for this chain: the entries after it now carry the wrong sequence in their hashes.
        await SqlProbe.ExecuteAsync(database.ConnectionString, $"UPDATE audit_log SET sequence = sequence + 1000 WHERE chain_id = '{victim}' AND sequence >= 10");
        await SqlProbe.ExecuteAsync(database.ConnectionString, $"UPDATE audit_log SET sequence = sequence - 999 WHERE chain_id = '{victim}' AND sequence >= 1000");
        var ninth = (string)(await SqlProbe.ScalarAsync(database.ConnectionString,
            "SELECT hash FROM audit_log WHERE chain_id = @chain AND sequence = 9", ("chain", victim)))!;
        var forged = AuditChain.AppendAfter(victim, new AuditHead(9, ninth), AuditTestEvents.Event(99) with { Actor = "mallory" });
        await SqlProbe.ExecuteAsync(database.ConnectionString,
            "INSERT INTO audit_log (chain_id, sequence, occurred_at, actor, role, action, outcome, status, detail, previous_hash, hash, token_id) "
            + "VALUES (@chain, 10, @at, @actor, @role, @action, @outcome, @status, @detail, @previous, @hash, @token)",
            ("chain", victim), ("at", forged.Event.At), ("actor", forged.Event.Actor), ("role", forged.Event.Role),
            ("action", forged.Event.Action), ("outcome", forged.Event.Outcome), ("status", forged.Event.Status!),
            ("detail", forged.Event.Detail!), ("previous", forged.PreviousHash), ("hash", forged.Hash), ("token", (object?)forged.Event.TokenId ?? DBNull.Value));
        // The columns left out are null in the forged event too: the forged row itself hashes correctly.
        Assert.Null(forged.Event.SiteId ?? forged.Event.CaseId ?? (object?)forged.Event.VersionBefore ?? forged.Event.VersionAfter);

        var verification = await VerifyAsync(database);

        AssertCaught(verification, victim, 11, "modified");
    }

    [Fact]
    public async Task Swapping_two_entries_of_one_chain_is_detected()
    {
        var (verification, chain) = await VerifyAfterTamperingAsync(victim =>
        [
            $"UPDATE audit_log SET sequence = sequence + 1000 WHERE chain_id = '{victim}' AND sequence IN (20, 21)",
            $"UPDATE audit_log SET sequence = CASE sequence WHEN 1020 THEN 21 ELSE 20 END WHERE chain_id = '{victim}' AND sequence IN (1020, 1021)",
        ]);

        AssertCaught(verification, chain, 20, "modified");
    }

    [Fact]
    public async Task Moving_an_entry_to_another_chain_is_detected()
    {
        await using var database = await AuditDatabase.CreateAsync();
        var chains = await AppendConcurrentlyAsync(database);
        await SqlProbe.ExecuteAsync(database.ConnectionString,
            $"UPDATE audit_log SET chain_id = '{chains[0]}', sequence = {EntriesPerWriter + 1} WHERE chain_id = '{chains[1]}' AND sequence = {EntriesPerWriter}");

        var verification = await VerifyAsync(database);

        Assert.False(verification.Intact);
    }

    /// <summary>
    /// The attack a head row alone cannot see: the tail cut off AND the head moved back to the new last entry, so the
    /// chain and its head agree. The anchor published after those entries still records the true head.
    /// </summary>
    [Fact]
    public async Task Truncating_one_chains_tail_and_moving_its_head_back_is_detected_by_the_anchor()
    {
        var (verification, chain) = await VerifyAfterTamperingAsync(victim =>
        [
            $"DELETE FROM audit_log WHERE chain_id = '{victim}' AND sequence > 30",
            $"UPDATE audit_chain_head SET sequence = 30, hash = (SELECT hash FROM audit_log WHERE chain_id = '{victim}' AND sequence = 30) WHERE chain_id = '{victim}'",
        ]);

        AssertCaught(verification, chain, 31, "anchor recorded it at entry 40");
    }

    [Fact]
    public async Task Truncating_one_chains_tail_is_detected_by_its_head()
    {
        var (verification, chain) = await VerifyAfterTamperingAsync(victim => [$"DELETE FROM audit_log WHERE chain_id = '{victim}' AND sequence > 35"]);

        AssertCaught(verification, chain, 36, "removed from the end");
    }

    [Fact]
    public async Task Removing_a_whole_chain_with_its_head_row_is_detected_by_the_anchor()
    {
        var (verification, chain) = await VerifyAfterTamperingAsync(victim =>
        [
            $"DELETE FROM audit_log WHERE chain_id = '{victim}'",
            $"DELETE FROM audit_chain_head WHERE chain_id = '{victim}'",
        ]);

        Assert.False(verification.Intact);
        Assert.Equal(chain, verification.Chain);
        Assert.Contains("is gone", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_the_last_anchor_is_detected_by_the_anchor_head()
    {
        var (verification, _) = await VerifyAfterTamperingAsync(_ => ["DELETE FROM audit_anchor WHERE sequence = (SELECT max(sequence) FROM audit_anchor)"]);

        Assert.False(verification.Intact);
        Assert.Contains("anchors were removed", verification.Problem, StringComparison.Ordinal);
    }

    /// <summary>
    /// A silo of the previous release keeps appending to the original chain (audit_head) during a rolling upgrade:
    /// its entries, written as it writes them, verify alongside the writers' chains, and are anchored like them.
    /// </summary>
    [Fact]
    public async Task The_original_chain_written_as_the_previous_release_writes_it_verifies_beside_the_writers_chains()
    {
        await using var database = await AuditDatabase.CreateAsync();
        var head = AuditHead.Empty;
        for (var i = 1; i <= 4; i++)
        {
            var entry = AuditChain.AppendAfter(head, AuditTestEvents.Event(i));
            // The previous release's statement: it names neither chain_id nor position, and moves audit_head.
            await SqlProbe.ExecuteAsync(database.ConnectionString,
                "WITH moved AS (UPDATE audit_head SET sequence = @sequence, hash = @hash WHERE singleton AND sequence = @sequence - 1 RETURNING 1) "
                + "INSERT INTO audit_log (sequence, occurred_at, actor, role, action, site_id, case_id, version_before, version_after, outcome, status, detail, previous_hash, hash, token_id) "
                + "SELECT @sequence, @at, @actor, @role, @action, @site, @case, @before, @after, @outcome, @status, @detail, @previous, @hash, @token FROM moved",
                ("sequence", entry.Sequence), ("at", entry.Event.At), ("actor", entry.Event.Actor), ("role", entry.Event.Role),
                ("action", entry.Event.Action), ("site", (object?)entry.Event.SiteId ?? DBNull.Value), ("case", (object?)entry.Event.CaseId ?? DBNull.Value),
                ("before", (object?)entry.Event.VersionBefore ?? DBNull.Value), ("after", (object?)entry.Event.VersionAfter ?? DBNull.Value),
                ("outcome", entry.Event.Outcome), ("status", (object?)entry.Event.Status ?? DBNull.Value), ("detail", (object?)entry.Event.Detail ?? DBNull.Value),
                ("previous", entry.PreviousHash), ("hash", entry.Hash), ("token", (object?)entry.Event.TokenId ?? DBNull.Value));
            head = entry.ToHead();
        }

        await AppendConcurrentlyAsync(database);

        Assert.Equal(new AuditVerification(true, 4 + (WritersCount * EntriesPerWriter), null, null), await VerifyAsync(database));
        Assert.Contains(await SqlProbe.ColumnAsync(database.ConnectionString, "SELECT heads FROM audit_anchor"),
            heads => AuditChainHeads.Parse(heads)!.TryGetValue("", out var original) && original == head);
        await SqlProbe.ExecuteAsync(database.ConnectionString, "DELETE FROM audit_log WHERE chain_id = '' AND sequence = 2");
        var verification = await VerifyAsync(database);
        Assert.Equal((false, null, 2L), (verification.Intact, verification.Chain, verification.FirstBadSequence));
    }

    /// <summary>The verification failed in <paramref name="chain"/> at <paramref name="firstBadSequence"/>, saying <paramref name="words"/>.</summary>
    private static void AssertCaught(AuditVerification verification, string chain, long firstBadSequence, string words)
    {
        Assert.False(verification.Intact);
        Assert.Equal((chain, (long?)firstBadSequence), (verification.Chain, verification.FirstBadSequence));
        Assert.Contains(words, verification.Problem, StringComparison.Ordinal);
    }

    /// <summary>Three writers, each its own pool as three processes would have, appending at once; disposing them publishes the last anchors.</summary>
    private static async Task<string[]> AppendConcurrentlyAsync(AuditDatabase database)
    {
        var writers = Enumerable.Range(0, WritersCount).Select(_ => new PostgreSqlAuditLog(database.ConnectionString)).ToArray();
        try
        {
            // Two halves with an anchor between them, so the anchors are a chain of more than one.
            var half = WritersCount * EntriesPerWriter / 2;
            foreach (var start in new[] { 0, half })
            {
                await Task.WhenAll(Enumerable.Range(start, half).Select(i => Task.Run(() =>
                    writers[i % WritersCount].AppendAsync(AuditTestEvents.Event(i + 1), CancellationToken.None))));
                await writers[start == 0 ? 0 : 1].PublishAnchorAsync(CancellationToken.None);
            }

            return [.. writers.Select(writer => writer.Chain)];
        }
        finally
        {
            foreach (var writer in writers)
            {
                await writer.DisposeAsync();
            }
        }
    }

    private static async Task<AuditVerification> VerifyAsync(AuditDatabase database)
    {
        await using var reader = new PostgreSqlAuditLog(database.ConnectionString);
        return await reader.VerifyAsync(CancellationToken.None);
    }

    private static async Task<(AuditVerification Verification, string Chain)> VerifyAfterTamperingAsync(Func<string, string[]> tampering)
    {
        await using var database = await AuditDatabase.CreateAsync();
        var victim = (await AppendConcurrentlyAsync(database))[1];
        // Intact before anyone touches it, so whatever the test then sees is caused by its own SQL.
        Assert.True((await VerifyAsync(database)).Intact);
        foreach (var sql in tampering(victim))
        {
            await SqlProbe.ExecuteAsync(database.ConnectionString, sql);
        }

        return (await VerifyAsync(database), victim);
    }
}
