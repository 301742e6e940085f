using System.Globalization;
using System.Text;

namespace CalcinosisRegistry.Domain.Audit;

/// <summary>
/// The audit export as CSV (RFC 4180): a header row, one row per entry, CRLF line ends, and a field in double quotes
/// (inner quotes doubled) whenever it contains a comma, a quote, CR or LF, or starts or ends with a space. Null and
/// empty both export as an empty field. Hashes are included so an exported file can be re-verified offline.
/// </summary>
/// <remarks>
/// Values are exported exactly as recorded: no spreadsheet-formula escaping (a leading "=" is left alone), because an
/// audit export that alters what it exports could no longer be checked against its hashes.
/// </remarks>
public static class AuditCsv
{
    /// <summary>The header row's column names, in column order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "sequence", "at", "actor", "role", "action", "site_id", "case_id", "version_before", "version_after",
        "outcome", "status", "detail", "previous_hash", "hash",
    ];

    public static string Write(IEnumerable<AuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var csv = new StringBuilder();
        WriteRow(csv, Columns);
        foreach (var entry in entries)
        {
            var e = entry.Event;
            WriteRow(csv,
            [
                Number(entry.Sequence), AuditChain.FormatTimestamp(e.At), e.Actor, e.Role, e.Action, e.SiteId, e.CaseId,
                Number(e.VersionBefore), Number(e.VersionAfter), e.Outcome, Number(e.Status), e.Detail,
                entry.PreviousHash, entry.Hash,
            ]);
        }

        return csv.ToString();
    }

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static void WriteRow(StringBuilder csv, IReadOnlyList<string?> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            AppendField(csv, fields[i] ?? string.Empty);
        }

        csv.Append("\r\n");
    }

    private static void AppendField(StringBuilder csv, string value)
    {
        var needsQuotes = value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '));
        if (!needsQuotes)
        {
            csv.Append(value);
            return;
        }

        csv.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
