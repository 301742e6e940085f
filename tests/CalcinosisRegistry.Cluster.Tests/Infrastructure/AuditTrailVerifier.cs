using System.Net;
using System.Text.Json;
using Npgsql;

namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>
/// Checks the audit trail against the ledger: every write the registry acknowledged has its entry (the case, the
/// version it was answered with, the status sent), a create's exactly once, and the hash chain that several silos
/// appended to is intact, as an administrator's <c>GET /api/admin/audit/verify</c> reports it.
/// </summary>
/// <remarks>
/// Only a create's entry is unique: an identical re-send of a replace is answered 200 with the same version, and is
/// audited too. A create is answered 201 once; its retries find the case stored and are answered 200.
/// </remarks>
internal static class AuditTrailVerifier
{
    public static async Task<IReadOnlyList<string>> VerifyAsync(
        HttpClient http, SiloEndpoint silo, string databaseConnectionString, IEnumerable<AcknowledgedWrite> ledger)
    {
        var failures = new List<string>();
        var recorded = new Dictionary<(string? SiteId, string? CaseId, int? Version, int? Status), int>();
        await using (var connection = new NpgsqlConnection(databaseConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT site_id, case_id, version_after, status FROM audit_log WHERE action = 'case.put' AND outcome = 'allowed'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var entry = (
                    reader.IsDBNull(0) ? null : reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : (int?)reader.GetInt32(2),
                    reader.IsDBNull(3) ? null : (int?)reader.GetInt32(3));
                recorded[entry] = recorded.GetValueOrDefault(entry) + 1;
            }
        }

        foreach (var write in ledger)
        {
            var entries = recorded.GetValueOrDefault((write.SiteId, write.CaseId, write.Version, write.Status));
            if (entries == 0 || (write.Status == 201 && entries > 1))
            {
                failures.Add($"{write.CaseKey}: the {write.Status} answer with version {write.Version} via {write.Silo} at +{write.At.TotalSeconds:0.000} s has {entries} audit entries.");
            }
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
