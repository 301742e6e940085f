using System.Globalization;
using System.Text;

namespace CalcinosisRegistry.Domain.Audit;

/// <summary>
/// The heads of several chains as one canonical text, the body of an <see cref="AuditAnchor"/>: one line per chain,
/// "sequence hash chain", in ordinal order of the chain's name (the original chain's name is empty, so its line ends
/// after the hash). Chain names hold no line break (the writers' names are generated, see
/// <see cref="AuditChain.IsValidChainName"/>), so the text reads back unambiguously.
/// </summary>
public static class AuditChainHeads
{
    public static string Format(IReadOnlyDictionary<string, AuditHead> heads)
    {
        ArgumentNullException.ThrowIfNull(heads);
        var text = new StringBuilder();
        foreach (var (chain, head) in heads.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(head.Sequence.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(head.Hash).Append(' ').Append(chain);
        }

        return text.ToString();
    }

    /// <summary>The heads <see cref="Format"/> wrote, or null when <paramref name="text"/> is not of that form.</summary>
    public static Dictionary<string, AuditHead>? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var heads = new Dictionary<string, AuditHead>(StringComparer.Ordinal);
        if (text.Length == 0)
        {
            return heads;
        }

        foreach (var line in text.Split('\n'))
        {
            var parts = line.Split(' ', 3);
            if (parts.Length != 3
                || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                || !heads.TryAdd(parts[2], new AuditHead(sequence, parts[1])))
            {
                return null;
            }
        }

        return heads;
    }
}
