using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Persistence.PostgreSql.Audit;
using CalcinosisRegistry.Persistence.PostgreSql.Commit;
using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;
using CalcinosisRegistry.Testing;
using Npgsql;

namespace CalcinosisRegistry.PostgreSql.Tests.Audit;

/// <summary>
/// Defect 1 of issue 13: a case state and its audit entry commit in one transaction, or neither does. The writer's
/// connection is cut (its backend terminated from a second connection) between the statements of every path a case
/// write can take: the one-round-trip path that assumes the head this process left, and the locking path taken
/// when a row of the batch was refused, or when no head is known (a new chain, or after a fault). Afterwards
/// every stored case version must have exactly its entry, and the caller must have been told the write failed.
/// </summary>
public sealed class AuditedWriteConnectionCutTests
{
    private const string Site = "site-cut";

    [Theory]
    [InlineData(nameof(CommitStep.StatesWritten))]
    [InlineData(nameof(CommitStep.HeadLocked))]
    [InlineData(nameof(CommitStep.EntriesAppended))]
    public async Task Cut_after_a_row_of_the_batch_was_refused_leaves_no_state_without_its_entry(string cutAt)
    {
        await using var database = await AuditDatabase.CreateAsync();
        var cutter = new ConnectionCutter(database.ConnectionString);
        await using (var otherProcess = new PostgreSqlAuditLog(database.ConnectionString))
        {
            Assert.Equal(1, await otherProcess.Writer.WriteStateAsync(ServiceId, FirstWrite("taken"), Created("taken")));
        }

        // The writer's first batch takes the locking path (its chain has no known head yet); it is held before its
        // commit while a good write and a duplicate first write queue behind it, so those two share the following
        // transaction, in which the duplicate is refused: the one-round-trip statement raises, the locking path redoes it.
        await using var writer = new PostgreSqlAuditLog(database.ConnectionString, cutter.OnStepAsync);
        var held = cutter.PauseNextAt(CommitStep.EntriesAppended);
        var pushHead = writer.AppendAsync(OtherEvent("writer"), CancellationToken.None);
        await held.Reached;
        cutter.CutNextAt(Enum.Parse<CommitStep>(cutAt));
        var good = writer.Writer.WriteStateAsync(ServiceId, FirstWrite("good"), Created("good"));
        var duplicate = writer.Writer.WriteStateAsync(ServiceId, FirstWrite("taken"), Created("taken", actor: "late-creator"));
        held.Release();
        await pushHead;

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => good);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => duplicate);
        Assert.True(cutter.HasCut);
        await AssertEveryStoredVersionHasExactlyItsEntryAsync(database.ConnectionString, expectedCases: 1);
        Assert.Equal(["tester"], await ActorsOfAsync(database.ConnectionString, "taken"));
        Assert.True((await writer.VerifyAsync(CancellationToken.None)).Intact);
    }

    [Theory]
    [InlineData(nameof(CommitStep.StatesWritten))]
    [InlineData(nameof(CommitStep.HeadLocked))]
    [InlineData(nameof(CommitStep.EntriesAppended))]
    public async Task Cut_while_no_head_is_known_leaves_no_state_without_its_entry(string cutAt)
    {
        await using var database = await AuditDatabase.CreateAsync();
        var cutter = new ConnectionCutter(database.ConnectionString);
        await using var writer = new PostgreSqlAuditLog(database.ConnectionString, cutter.OnStepAsync);

        cutter.CutNextAt(Enum.Parse<CommitStep>(cutAt));
        var write = writer.Writer.WriteStateAsync(ServiceId, FirstWrite("fresh"), Created("fresh"));

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => write);
        await AssertEveryStoredVersionHasExactlyItsEntryAsync(database.ConnectionString, expectedCases: 0);
        Assert.Equal(1, await writer.Writer.WriteStateAsync(ServiceId, FirstWrite("fresh"), Created("fresh")));
        await AssertEveryStoredVersionHasExactlyItsEntryAsync(database.ConnectionString, expectedCases: 1);
    }

    [Fact]
    public async Task Cut_inside_the_one_round_trip_path_leaves_no_state_without_its_entry()
    {
        await using var database = await AuditDatabase.CreateAsync();
        var applicationName = $"cut-{Guid.NewGuid():N}";
        var writerConnection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = applicationName }.ConnectionString;
        await using var writer = new PostgreSqlAuditLog(writerConnection);
        Assert.Equal(1, await writer.Writer.WriteStateAsync(ServiceId, FirstWrite("first"), Created("first")));

        // Another session holds the head row, so the one-round-trip statement stops after writing the state row,
        // at the head's update; the writer's backend is terminated right there.
        await using var holder = new NpgsqlConnection(database.ConnectionString);
        await holder.OpenAsync();
        await using var holding = await holder.BeginTransactionAsync();
        await using (var lockHead = new NpgsqlCommand("SELECT sequence FROM audit_chain_head WHERE chain_id = @chain FOR UPDATE", holder, holding))
        {
            lockHead.Parameters.AddWithValue("chain", writer.Chain);
            await lockHead.ExecuteScalarAsync();
        }

        var write = writer.Writer.WriteStateAsync(ServiceId, FirstWrite("second"), Created("second"));
        int? waiting = null;
        await Eventually.SucceedsAsync(async () =>
        {
            waiting = await BackendWaitingOnLockAsync(database.ConnectionString, applicationName);
            return waiting is null ? "the writer is not waiting for the head lock" : null;
        }, "the writer to wait at the head's update", TimeSpan.FromSeconds(30));
        await TerminateAsync(database.ConnectionString, waiting);
        await holding.RollbackAsync();

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => write);
        await AssertEveryStoredVersionHasExactlyItsEntryAsync(database.ConnectionString, expectedCases: 1);
        Assert.True((await writer.VerifyAsync(CancellationToken.None)).Intact);
    }

    private const string ServiceId = "cut-tests";

    private static string Key(string name) => $"case:{Site}/{name}";

    private static PendingGrainStateWrite FirstWrite(string name) =>
        new("case", Key(name), ExpectedVersion: null, Payload: [1, 2, 3], GrainIdHash: 7, GrainTypeHash: 11);

    private static AuditEvent Created(string name, string actor = "tester") =>
        new(DateTimeOffset.UtcNow, actor, "researcher", "case.put", Site, name, 0, 1, "allowed", 201, null);

    /// <summary>An entry that records no state write (a read, say), appended to move the head.</summary>
    private static AuditEvent OtherEvent(string actor) =>
        new(DateTimeOffset.UtcNow, actor, "analyst", "statistics.read", null, null, null, null, "allowed", 200, null);

    /// <summary>
    /// For every case row stored: one "case.put" entry for each of its versions 1..v, and none beyond; and no entry for
    /// a case that is not stored. Read straight from the tables, independently of the writer.
    /// </summary>
    private static async Task AssertEveryStoredVersionHasExactlyItsEntryAsync(string connectionString, int? expectedCases = null)
    {
        var stored = (await SqlProbe.ColumnAsync(connectionString,
                "SELECT grain_id_extension_string || ' ' || version FROM orleans_grain_state WHERE grain_type_string = 'case'"))
            .Select(row => row.Split(' '))
            .ToDictionary(row => row[0], row => int.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture));
        var entries = (await SqlProbe.ColumnAsync(connectionString,
                "SELECT 'case:' || site_id || '/' || case_id || ' ' || version_after FROM audit_log WHERE action = 'case.put' ORDER BY sequence"))
            .ToList();

        var expected = stored
            .SelectMany(row => Enumerable.Range(1, row.Value).Select(version => $"{row.Key} {version}"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, entries.Order(StringComparer.Ordinal));
        if (expectedCases is { } count)
        {
            Assert.Equal(count, stored.Count);
        }
    }

    private static async Task<IReadOnlyList<string>> ActorsOfAsync(string connectionString, string caseId) =>
        await SqlProbe.ColumnAsync(connectionString, $"SELECT actor FROM audit_log WHERE case_id = '{caseId}' ORDER BY sequence");

    private static async Task<int?> BackendWaitingOnLockAsync(string connectionString, string applicationName)
    {
        var pid = await SqlProbe.ScalarAsync(connectionString,
            "SELECT pid FROM pg_stat_activity WHERE application_name = @name AND wait_event_type = 'Lock' LIMIT 1",
            ("name", applicationName));
        return pid is int value ? value : null;
    }

    private static Task TerminateAsync(string connectionString, int? pid) =>
        SqlProbe.ExecuteAsync(connectionString, "SELECT pg_terminate_backend(@pid, 5000)", ("pid", pid!.Value));
}
