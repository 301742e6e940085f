using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Persistence.PostgreSql.Audit;
using CalcinosisRegistry.Persistence.PostgreSql.Commit;
using CalcinosisRegistry.PostgreSql.Tests.Audit;
using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;
using Npgsql;

namespace CalcinosisRegistry.PostgreSql.Tests.Commit;

/// <summary>
/// The process's one group-commit writer: case states with their entry, states without one (access control and audit
/// off), and entries alone (the other requests' audit) share its batches and its one commit path. Each test has its
/// own database and reads the outcome straight from the tables.
/// </summary>
public sealed class GroupCommitWriterTests
{
    private const string ServiceId = "writer-tests";
    private const string Site = "site-w";

    [Fact]
    public async Task States_without_entries_commit_together_and_leave_the_audit_tables_untouched()
    {
        await using var database = await AuditDatabase.CreateAsync();
        await using var pool = NpgsqlDataSource.Create(database.ConnectionString);
        var writer = new GroupCommitWriter(pool);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => writer.WriteStateAsync(ServiceId, FirstWrite($"plain-{i}"), entry: null)));
        // An update of a row that does not exist is refused, and only that one.
        var stale = await writer.WriteStateAsync(ServiceId, FirstWrite("never-stored") with { ExpectedVersion = 4 }, entry: null);
        await writer.StopAsync();

        Assert.All(outcomes, version => Assert.Equal(1, version));
        Assert.Null(stale);
        Assert.Equal(30, await SqlProbe.CountAsync(database.ConnectionString, "SELECT count(*) FROM orleans_grain_state"));
        Assert.InRange(await SqlProbe.CountAsync(database.ConnectionString, "SELECT count(DISTINCT xmin::text) FROM orleans_grain_state"), 1, 15);
        // A configuration without audit has no entries in its batches: no entry, and no chain was even started.
        Assert.Equal(0, await SqlProbe.CountAsync(database.ConnectionString, "SELECT count(*) FROM audit_log"));
        Assert.Equal(0, await SqlProbe.CountAsync(database.ConnectionString, "SELECT count(*) FROM audit_chain_head"));
    }

    [Fact]
    public async Task A_state_with_its_entry_a_state_without_and_an_entry_alone_commit_in_one_transaction()
    {
        await using var database = await AuditDatabase.CreateAsync();
        var cutter = new ConnectionCutter(database.ConnectionString);
        await using var log = new PostgreSqlAuditLog(database.ConnectionString, cutter.OnStepAsync);

        // The first batch (a new chain: the locking path) is held before its commit, so the three commits queued
        // meanwhile form the next batch together, which goes in one round trip from the head the first one left.
        var held = cutter.PauseNextAt(CommitStep.EntriesAppended);
        var first = log.AppendAsync(Read("first-reader"), CancellationToken.None);
        await held.Reached;
        var audited = log.Writer.WriteStateAsync(ServiceId, FirstWrite("audited"), Created("audited"));
        var unaudited = log.Writer.WriteStateAsync(ServiceId, FirstWrite("unaudited"), entry: null);
        var alone = log.AppendAsync(Read("second-reader"), CancellationToken.None);
        held.Release();
        await first;

        Assert.Equal(1, await audited);
        Assert.Equal(1, await unaudited);
        await alone;
        var transactions = await SqlProbe.ColumnAsync(database.ConnectionString, $"""
            SELECT xmin::text FROM orleans_grain_state WHERE grain_id_extension_string IN ('{Key("audited")}', '{Key("unaudited")}')
            UNION ALL
            SELECT xmin::text FROM audit_log WHERE actor IN ('tester', 'second-reader')
            """);
        Assert.Equal(4, transactions.Count);
        Assert.Single(transactions.Distinct());
        Assert.Equal(["first-reader", "tester", "second-reader"],
            await SqlProbe.ColumnAsync(database.ConnectionString, "SELECT actor FROM audit_log ORDER BY sequence"));
        Assert.True((await log.VerifyAsync(CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task A_refused_state_without_an_entry_does_not_keep_the_entries_of_its_batch_from_committing()
    {
        await using var database = await AuditDatabase.CreateAsync();
        await using (var otherProcess = new PostgreSqlAuditLog(database.ConnectionString))
        {
            Assert.Equal(1, await otherProcess.Writer.WriteStateAsync(ServiceId, FirstWrite("taken"), Created("taken")));
        }

        // The writer's first batch (a new chain: the locking path) is held so that the next three share a batch: its
        // one-round-trip statement raises on the refused row, and the batch is redone under the head lock, where
        // only the refused row is left out.
        var cutter = new ConnectionCutter(database.ConnectionString);
        await using var log = new PostgreSqlAuditLog(database.ConnectionString, cutter.OnStepAsync);
        var held = cutter.PauseNextAt(CommitStep.EntriesAppended);
        var pushHead = log.AppendAsync(Read("first-reader"), CancellationToken.None);
        await held.Reached;
        var refused = log.Writer.WriteStateAsync(ServiceId, FirstWrite("taken"), entry: null);
        var audited = log.Writer.WriteStateAsync(ServiceId, FirstWrite("audited"), Created("audited"));
        var alone = log.AppendAsync(Read("second-reader"), CancellationToken.None);
        held.Release();
        await pushHead;

        Assert.Null(await refused);
        Assert.Equal(1, await audited);
        await alone;
        Assert.Equal(["tester", "first-reader", "tester", "second-reader"],
            await SqlProbe.ColumnAsync(database.ConnectionString, "SELECT actor FROM audit_log ORDER BY position"));
        Assert.Equal(["audited", "taken"],
            await SqlProbe.ColumnAsync(database.ConnectionString, "SELECT case_id FROM audit_log WHERE case_id IS NOT NULL ORDER BY case_id"));
        Assert.Single((await SqlProbe.ColumnAsync(database.ConnectionString, $"""
            SELECT xmin::text FROM orleans_grain_state WHERE grain_id_extension_string = '{Key("audited")}'
            UNION ALL
            SELECT xmin::text FROM audit_log WHERE case_id = 'audited' OR actor = 'second-reader'
            """)).Distinct());
        Assert.True((await log.VerifyAsync(CancellationToken.None)).Intact);
    }

    private static string Key(string name) => $"case:{Site}/{name}";

    private static PendingGrainStateWrite FirstWrite(string name) =>
        new("case", Key(name), ExpectedVersion: null, Payload: [1, 2, 3], GrainIdHash: 7, GrainTypeHash: 11);

    private static AuditEvent Created(string name) =>
        new(DateTimeOffset.UtcNow, "tester", "researcher", "case.put", Site, name, 0, 1, "allowed", 201, null);

    /// <summary>An entry that records no state write.</summary>
    private static AuditEvent Read(string actor) =>
        new(DateTimeOffset.UtcNow, actor, "analyst", "statistics.read", null, null, null, null, "allowed", 200, null);
}
