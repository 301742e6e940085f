namespace CalcinosisRegistry.PostgreSql.Tests.Migrations;

/// <summary>
/// A released migration is never edited: its text must still hash to what <c>sha256sum</c> printed when it was released
/// (Migrations/released-migrations.sha256). A change to the schema goes into a new migration, whose line is appended.
/// </summary>
public sealed class ReleasedMigrationTests
{
    [Fact]
    public void Every_released_migration_still_has_its_released_text()
    {
        var root = Infrastructure.PostgreSqlServer.FindRepositoryRoot()
            ?? throw new InvalidOperationException("The repository root (CalcinosisRegistry.sln) was not found.");
        var scripts = Path.Combine(root, "src", "CalcinosisRegistry.Persistence.PostgreSql", "Migrations");
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Migrations", "released-migrations.sha256"))
            .Where(line => line.Length > 0)
            .ToList();
        Assert.NotEmpty(lines);

        var faults = new List<string>();
        foreach (var line in lines)
        {
            var parts = line.Split("  ", 2);
            var path = Path.Combine(scripts, parts[1]);
            if (!File.Exists(path))
            {
                faults.Add($"{parts[1]} was released but is gone (renamed or deleted)");
                continue;
            }

            var text = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
            var actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
            if (actual != parts[0])
            {
                faults.Add($"{parts[1]} was edited after its release (sha256 {actual}, released {parts[0]}): restore it and add a new migration");
            }
        }

        Assert.True(faults.Count == 0, string.Join("\n", faults));
    }
}
