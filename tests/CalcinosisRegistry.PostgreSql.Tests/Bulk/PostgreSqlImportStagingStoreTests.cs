using CalcinosisRegistry.Contracts.Bulk;
using CalcinosisRegistry.Persistence.PostgreSql.Bulk;
using CalcinosisRegistry.PostgreSql.Tests.Index;

namespace CalcinosisRegistry.PostgreSql.Tests.Bulk;

/// <summary>
/// The durable staging store (migration 0050) on a real server: what is appended comes back page by page in upload
/// order, the commit reads pending cases with their documents and stores outcomes, and imports are scoped by
/// service id, purged when expired and deleted with their rows.
/// </summary>
public sealed class PostgreSqlImportStagingStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static ImportCase Case(int ordinal, ImportPreview preview = ImportPreview.New, IReadOnlyList<string>? changed = null) =>
        new($"CASE-{ordinal}", preview, changed ?? [], preview == ImportPreview.New ? 0 : 2,
            preview == ImportPreview.Refused ? null : $$"""{"caseId":"CASE-{{ordinal}}","n":{{ordinal}}}""", Ordinal: ordinal);

    private static ImportFaultEntry Fault(int n) => new($"CASE-{n}", $"fault {n}", n % 2 == 0 ? "lesions.csv" : null, n % 2 == 0 ? n + 1 : null,
        n % 2 == 0 ? "body_site" : null, n % 2 == 0 ? null : n * 10L, $"$.lesions[{n}]");

    private static string View(ImportCase item) =>
        $"{item.Ordinal} {item.CaseId} {item.Preview} [{string.Join(",", item.ChangedFields)}] {item.BaseVersion} {item.DocumentJson} {item.Outcome} {item.VersionAfter}";

    [Fact]
    public async Task Staged_cases_and_faults_come_back_in_pages_and_the_commit_reads_pending_cases_and_stores_outcomes()
    {
        await using var database = await IndexDatabase.CreateAsync("staging");
        await using var store = new PostgreSqlImportStagingStore(database.ConnectionString, "staging-tests");
        await using var otherService = new PostgreSqlImportStagingStore(database.ConnectionString, "other-service");
        const string Key = "import:north/imp-1";
        await store.CreateAsync(Key, Now.AddHours(1), Now, CancellationToken.None);
        var cases = new[] { Case(0), Case(1, ImportPreview.Refused), Case(2, ImportPreview.Changed, ["sex", "lesions"]), Case(3, ImportPreview.Unchanged), Case(4) };
        await store.AppendAsync(Key, cases[..3], 0, [Fault(0), Fault(1)], CancellationToken.None);
        await store.AppendAsync(Key, cases[3..], 2, [Fault(2)], CancellationToken.None);

        var page = await store.ReadCasesAsync(Key, 1, 3, CancellationToken.None);
        Assert.Equal([1, 2, 3], page.Select(c => c.Ordinal));
        Assert.All(page, c => Assert.Null(c.DocumentJson));
        Assert.Equal(["sex", "lesions"], page[1].ChangedFields);
        Assert.Equal((ImportPreview.Changed, 2, ImportOutcome.Pending), (page[1].Preview, page[1].BaseVersion, page[1].Outcome));
        Assert.Equal([Fault(1), Fault(2)], await store.ReadFaultsAsync(Key, 1, 10, CancellationToken.None));
        Assert.Empty(await otherService.ReadCasesAsync(Key, 0, 10, CancellationToken.None));

        // Refused cases are never pending; documents come with pending cases.
        var pending = await store.ReadPendingAsync(Key, -1, 2, CancellationToken.None);
        Assert.Equal([View(cases[0]), View(cases[2])], pending.Select(View));
        await store.RecordOutcomesAsync(Key,
            [pending[0] with { Outcome = ImportOutcome.Created, VersionAfter = 1, DocumentJson = null }, pending[1] with { Outcome = ImportOutcome.Replaced, VersionAfter = 3, DocumentJson = null }],
            CancellationToken.None);

        Assert.Equal([3, 4], (await store.ReadPendingAsync(Key, -1, 10, CancellationToken.None)).Select(c => c.Ordinal));
        Assert.Equal([4], (await store.ReadPendingAsync(Key, 3, 10, CancellationToken.None)).Select(c => c.Ordinal));
        Assert.Equal(new ImportCounts(Created: 1, Replaced: 1, Pending: 3), await store.CountOutcomesAsync(Key, CancellationToken.None));
        var written = (await store.ReadCasesAsync(Key, 0, 10, CancellationToken.None)).Where(c => c.Outcome != ImportOutcome.Pending).ToList();
        Assert.Equal([(0, ImportOutcome.Created, (int?)1), (2, ImportOutcome.Replaced, 3)], written.Select(c => (c.Ordinal, c.Outcome, c.VersionAfter)));
    }

    [Fact]
    public async Task An_expired_import_is_purged_when_another_is_staged_and_a_deleted_one_leaves_no_rows()
    {
        await using var database = await IndexDatabase.CreateAsync("staging");
        await using var store = new PostgreSqlImportStagingStore(database.ConnectionString, "staging-tests");
        await store.CreateAsync("import:north/old", Now.AddHours(1), Now, CancellationToken.None);
        await store.AppendAsync("import:north/old", [Case(0)], 0, [Fault(0)], CancellationToken.None);
        await store.CreateAsync("import:north/kept", Now.AddHours(5), Now, CancellationToken.None);
        await store.AppendAsync("import:north/kept", [Case(0)], 0, [], CancellationToken.None);

        await store.CreateAsync("import:north/new", Now.AddHours(26), Now.AddHours(2), CancellationToken.None);

        Assert.Empty(await store.ReadCasesAsync("import:north/old", 0, 10, CancellationToken.None));
        Assert.Empty(await store.ReadFaultsAsync("import:north/old", 0, 10, CancellationToken.None));
        Assert.Single(await store.ReadCasesAsync("import:north/kept", 0, 10, CancellationToken.None));

        await store.DeleteAsync("import:north/kept", CancellationToken.None);
        Assert.Empty(await store.ReadCasesAsync("import:north/kept", 0, 10, CancellationToken.None));
        Assert.Equal(0L, await Infrastructure.SqlProbe.CountAsync(database.ConnectionString, "SELECT count(*) FROM import_staged_case"));
    }
}
