using System.Globalization;
using Npgsql;

namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>
/// Checks the database itself, whatever any client was told: every version of every stored case has exactly one
/// audit entry of the write that stored it (allowed, from version v-1 to v), and no such entry names a version that is
/// not stored. A state committed without its entry, or an entry committed without its state, shows up here even when
/// the write's caller never learned its outcome (a SIGKILLed silo, a lost connection).
/// </summary>
internal static class StoredVersionAuditVerifier
{
    public static async Task<IReadOnlyList<string>> VerifyAsync(string databaseConnectionString)
    {
        var stored = new Dictionary<string, int>(StringComparer.Ordinal);
        var entries = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        await using (var connection = new NpgsqlConnection(databaseConnectionString))
        {
            await connection.OpenAsync();
            await using (var rows = new NpgsqlCommand(
                "SELECT grain_id_extension_string, version FROM orleans_grain_state WHERE grain_type_string = 'case'", connection))
            await using (var reader = await rows.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    stored[reader.GetString(0)] = reader.GetInt32(1);
                }
            }

            await using (var writes = new NpgsqlCommand(
                """
                SELECT 'case:' || site_id || '/' || case_id, version_after FROM audit_log
                WHERE outcome = 'allowed' AND case_id IS NOT NULL AND version_after = version_before + 1
                """, connection))
            await using (var reader = await writes.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    var key = reader.GetString(0);
                    if (!entries.TryGetValue(key, out var versions))
                    {
                        entries[key] = versions = [];
                    }

                    versions.Add(reader.GetInt32(1));
                }
            }
        }

        var failures = new List<string>();
        foreach (var key in stored.Keys.Union(entries.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var version = stored.GetValueOrDefault(key);
            var expected = Enumerable.Range(1, version).ToList();
            var recorded = entries.GetValueOrDefault(key)?.Order().ToList() ?? [];
            if (!recorded.SequenceEqual(expected))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{key}: stored at version {version}, but its write entries name versions [{string.Join(", ", recorded)}]."));
            }
        }

        return failures;
    }
}
