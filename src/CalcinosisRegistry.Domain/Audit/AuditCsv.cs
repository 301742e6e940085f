using System.Globalization;
using System.Text;

namespace CalcinosisRegistry.Domain.Audit;

/// <summary>
/// The audit export as CSV (RFC 4180): a header row, one row per entry on one physical line, CRLF line ends, and a
/// field in double quotes (inner quotes doubled) whenever it contains a comma or a quote, or starts or ends with a
/// space. Null and empty both export as an empty field. Hashes are included so an exported file can be re-verified
/// offline, after <see cref="DecodeField"/> has given each field back its recorded value: an entry's hash covers its
/// chain (empty for the original chain) and its sequence within that chain; the position only orders the listing.
/// </summary>
/// <remarks>
/// <para>The audit trail records what anonymous callers send (a route's site id, for instance), so the export must
/// be safe to open in a spreadsheet and to read line by line. Two reversible encodings make it so (OWASP's
/// CSV-injection guidance):</para>
/// <para>Line breaks and other control characters never appear raw: a backslash becomes <c>\\</c>, CR <c>\r</c>,
/// LF <c>\n</c>, and every other control character, U+2028 and U+2029 <c>\uXXXX</c> (tab stays as it is). A
/// line-oriented reader therefore sees exactly one line per entry, and no value can forge a row.</para>
/// <para>A field whose text (after that) starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab, or an
/// apostrophe gets one leading apostrophe, so a spreadsheet shows it as text instead of running it as a formula; the
/// apostrophe case keeps the rule reversible (strip exactly one leading apostrophe).</para>
/// <para>The JSON form of the trail and the hash chain keep the raw recorded values.</para>
/// </remarks>
public static class AuditCsv
{
    /// <summary>The header row's column names, in column order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "sequence", "at", "actor", "role", "action", "site_id", "case_id", "version_before", "version_after",
        "outcome", "status", "detail", "previous_hash", "hash", "token_id", "chain", "position",
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
                entry.PreviousHash, entry.Hash, e.TokenId, entry.Chain, Number(entry.Position),
            ]);
        }

        return csv.ToString();
    }

    /// <summary>
    /// A field's text as exported, before CSV quoting: control characters escaped, then a leading apostrophe when
    /// the text could start a spreadsheet formula (see the class remarks).
    /// </summary>
    public static string EncodeField(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var escaped = EscapeControlCharacters(value);
        return escaped.Length > 0 && escaped[0] is '=' or '+' or '-' or '@' or '\t' or '\'' ? "'" + escaped : escaped;
    }

    /// <summary>The recorded value of an exported field (after CSV unquoting): the inverse of <see cref="EncodeField"/>.</summary>
    public static string DecodeField(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var text = field.StartsWith('\'') ? field[1..] : field;
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var decoded = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length)
            {
                decoded.Append(text[i]);
                continue;
            }

            var next = text[++i];
            switch (next)
            {
                case 'r':
                    decoded.Append('\r');
                    break;
                case 'n':
                    decoded.Append('\n');
                    break;
                case 'u' when i + 4 < text.Length
                    && int.TryParse(text.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    decoded.Append((char)code);
                    i += 4;
                    break;
                default:
                    decoded.Append(next);
                    break;
            }
        }

        return decoded.ToString();
    }

    private static string EscapeControlCharacters(string value)
    {
        if (!value.AsSpan().ContainsAny(NeedsEscaping))
        {
            return value;
        }

        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    escaped.Append(@"\\");
                    break;
                case '\r':
                    escaped.Append(@"\r");
                    break;
                case '\n':
                    escaped.Append(@"\n");
                    break;
                case '\t':
                    escaped.Append(c);
                    break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029')
                    {
                        escaped.Append(@"\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        escaped.Append(c);
                    }

                    break;
            }
        }

        return escaped.ToString();
    }

    /// <summary>Backslash, every control character but tab, and the Unicode line and paragraph separators.</summary>
    private static readonly System.Buffers.SearchValues<char> NeedsEscaping = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(c => char.IsControl(c) && c != '\t'), '\\', '\u2028', '\u2029']);

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static void WriteRow(StringBuilder csv, IReadOnlyList<string?> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            AppendField(csv, EncodeField(fields[i] ?? string.Empty));
        }

        csv.Append("\r\n");
    }

    private static void AppendField(StringBuilder csv, string value)
    {
        var needsQuotes = value.AsSpan().IndexOfAny(",\"") >= 0
            || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '));
        if (!needsQuotes)
        {
            csv.Append(value);
            return;
        }

        csv.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
