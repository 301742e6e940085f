using System.Net;
using System.Text.Json;
using Npgsql;

namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>
/// Checks the audit trail against the ledger: every write the registry acknowledged has its entry (the case, the
/// version it was answered with, the status sent), and the hash chain that several silos appended to is intact, as
/// an administrator's <c>GET /api/admin/audit/verify</c> reports it.
/// </summary>
internal static class AuditTrailVerifier
{
    public static async Task<IReadOnlyList<string>> VerifyAsync(
        HttpClient http, SiloEndpoint silo, string databaseConnectionString, IEnumerable<AcknowledgedWrite> ledger)
    {
        var failures = new List<string>();
        var recorded = new HashSet<(string? SiteId, string? CaseId, int? Version, int? Status)>();
        await using (var connection = new NpgsqlConnection(databaseConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT site_id, case_id, version_after, status FROM audit_log WHERE action = 'case.put' AND outcome = 'allowed'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                recorded.Add((
                    reader.IsDBNull(0) ? null : reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetInt32(2),
                    reader.IsDBNull(3) ? null : reader.GetInt32(3)));
            }
        }

        foreach (var write in ledger.Where(write => !recorded.Contains((write.SiteId, write.CaseId, write.Version, write.Status))))
        {
            failures.Add($"{write.CaseKey}: the {write.Status} answer with version {write.Version} via {write.Silo} at +{write.At.TotalSeconds:0.000} s has no audit entry.");
        }

        var (status, body) = await RegistryHttp.TrySendAsync(http, HttpMethod.Get, new Uri(silo.BaseAddress, "/api/admin/audit/verify"), TimeSpan.FromMinutes(1));
        if (status != HttpStatusCode.OK)
        {
            failures.Add($"GET /api/admin/audit/verify via {silo.Name} answered {(int)status}: {body}");
        }
        else if (!JsonDocument.Parse(body).RootElement.GetProperty("intact").GetBoolean())
        {
            failures.Add($"The audit chain is not intact: {body}");
        }

        return failures;
    }
}
