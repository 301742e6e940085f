using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CalcinosisRegistry.Domain.Audit;

/// <summary>
/// The hash chain behind the audit log: entry n carries SHA-256 over (n, every field of its event, hash of entry n-1),
/// so changing, inserting, removing or reordering any entry breaks the hash or the link of that entry or the next,
/// and cutting off the tail is caught by comparing with the separately kept <see cref="AuditHead"/>.
/// </summary>
/// <remarks>
/// <para>Canonical encoding (format "calcinosis-registry/audit/v1"), fed to SHA-256 in this fixed order: the format
/// tag, the sequence, At, Actor, Role, Action, SiteId, CaseId, VersionBefore, VersionAfter, Outcome, Status, Detail,
/// TokenId only when it is not null, the previous hash. Each string is a presence byte (0 = null, 1 = present) followed, when present, by its UTF-8
/// byte length as a 4-byte big-endian integer and the bytes; each nullable integer is a presence byte and 4 bytes
/// big-endian; the sequence is 8 bytes big-endian.</para>
/// <para>Why this and not simple concatenation: the length prefix makes field boundaries unambiguous (actor "ab" +
/// role "c" cannot collide with actor "a" + role "bc", whatever characters the values contain, separators included),
/// and the presence byte keeps null apart from "" (a site-less admin action must not hash like one on site "").
/// A binary encoding also avoids depending on a JSON serializer's escaping rules, which may change between versions.</para>
/// <para>TokenId was added later and is hashed only when present, so every entry written before it still verifies;
/// the length prefixes keep "one more string before the previous hash" unambiguous.</para>
/// <para>At is hashed as UTC ISO-8601 with exactly six fractional digits ("2026-03-01T09:15:02.123456Z"): PostgreSQL's
/// timestamptz keeps microseconds and no offset, so this is precisely the information that survives storage; the
/// offset the caller happened to use is not part of the fact recorded.</para>
/// <para><b>Several chains</b> (migration 0040): each durable writer appends to a chain of its own, so writers never
/// wait for each other's head. The original chain (name "") keeps the v1 encoding above, so its entries still verify.
/// An entry of a named chain is hashed as "calcinosis-registry/audit/v2": the format tag, the chain's name, then the
/// fields as in v1 except that TokenId always takes its presence byte. The name binds an entry to its chain: it
/// cannot be moved to another chain, nor a chain renamed, without re-hashing. Every chain's head is published from
/// time to time in the anchor chain (<see cref="AuditAnchorChain"/>), which <see cref="AuditLedgerVerifier"/> checks.</para>
/// <para>What it does not protect against: someone who can rewrite the whole table AND the heads AND the anchors can
/// forge a consistent history. Publishing the anchor head elsewhere from time to time (a report, a ticket) anchors it.</para>
/// </remarks>
public static class AuditChain
{
    /// <summary>The previous hash of the first entry, and the hash of an empty log's head: 64 zeros.</summary>
    public static string GenesisHash { get; } = new('0', 64);

    private const string FormatTag = "calcinosis-registry/audit/v1";
    private const string ChainFormatTag = "calcinosis-registry/audit/v2";

    /// <summary>The longest chain name a writer may use.</summary>
    public const int MaxChainNameLength = 100;

    /// <summary>
    /// A writer's chain name: 1 to <see cref="MaxChainNameLength"/> characters of ASCII letters, digits, '.', '-' and
    /// '_' (so it is readable, and the anchors' text stays unambiguous). The original chain's empty name is not one.
    /// </summary>
    public static bool IsValidChainName(string? name) =>
        name is { Length: > 0 and <= MaxChainNameLength } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    /// <summary>SHA-256 (lower-case hex) of the original chain's (v1) encoding described on <see cref="AuditChain"/>.</summary>
    public static string ComputeHash(long sequence, AuditEvent e, string previousHash) => ComputeHash("", sequence, e, previousHash);

    /// <summary>
    /// SHA-256 (lower-case hex) of an entry of <paramref name="chain"/>: the v1 encoding for the original chain (""),
    /// v2 (with the chain's name) for a writer's chain.
    /// </summary>
    public static string ComputeHash(string chain, long sequence, AuditEvent e, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(previousHash);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var named = chain.Length > 0;
        AppendString(hash, named ? ChainFormatTag : FormatTag);
        if (named)
        {
            AppendString(hash, chain);
        }

        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, sequence);
        hash.AppendData(number);
        AppendString(hash, FormatTimestamp(e.At));
        AppendString(hash, e.Actor);
        AppendString(hash, e.Role);
        AppendString(hash, e.Action);
        AppendString(hash, e.SiteId);
        AppendString(hash, e.CaseId);
        AppendInteger(hash, e.VersionBefore);
        AppendInteger(hash, e.VersionAfter);
        AppendString(hash, e.Outcome);
        AppendInteger(hash, e.Status);
        AppendString(hash, e.Detail);
        if (named || e.TokenId is not null)
        {
            AppendString(hash, e.TokenId);
        }

        AppendString(hash, previousHash);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The entry that follows <paramref name="last"/> (or starts the log when null).</summary>
    public static AuditEntry Append(AuditEntry? last, AuditEvent e) =>
        AppendAfter(last?.ToHead() ?? AuditHead.Empty, e);

    /// <summary>
    /// The entry that follows the entry <paramref name="head"/> describes. Used by stores that keep only the head at
    /// hand (the PostgreSQL log reads it under a row lock rather than loading the last entry).
    /// </summary>
    public static AuditEntry AppendAfter(AuditHead head, AuditEvent e) => AppendAfter("", head, e);

    /// <summary>The entry of <paramref name="chain"/> that follows the entry <paramref name="head"/> describes.</summary>
    public static AuditEntry AppendAfter(string chain, AuditHead head, AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(head);
        var normalized = Normalize(e);
        var sequence = checked(head.Sequence + 1);
        return new AuditEntry(sequence, normalized, head.Hash, ComputeHash(chain, sequence, normalized, head.Hash), chain);
    }

    /// <summary>Checks a whole log in memory; see <see cref="AuditChainVerifier"/> for the rules and for streaming.</summary>
    public static AuditVerification Verify(IEnumerable<AuditEntry> entriesInSequenceOrder, AuditHead? head)
    {
        ArgumentNullException.ThrowIfNull(entriesInSequenceOrder);
        var verifier = new AuditChainVerifier();
        foreach (var entry in entriesInSequenceOrder)
        {
            if (!verifier.Accept(entry))
            {
                break;
            }
        }

        return verifier.Complete(head);
    }

    /// <summary>
    /// The event exactly as it will be stored and hashed: At in UTC truncated to microseconds, and text that
    /// PostgreSQL can store unchanged (NUL and unpaired UTF-16 surrogates become U+FFFD). Without this an entry
    /// read back from the database could differ from the one hashed, and the log would report itself tampered with.
    /// </summary>
    /// <exception cref="ArgumentException">Actor, Role, Action or Outcome is null: the record would be meaningless.</exception>
    public static AuditEvent Normalize(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        RequireText(e.Actor, nameof(AuditEvent.Actor));
        RequireText(e.Role, nameof(AuditEvent.Role));
        RequireText(e.Action, nameof(AuditEvent.Action));
        RequireText(e.Outcome, nameof(AuditEvent.Outcome));

        var utcTicks = e.At.UtcTicks;
        var at = new DateTimeOffset(utcTicks - (utcTicks % TicksPerMicrosecond), TimeSpan.Zero);
        return e with
        {
            At = at,
            Actor = StorableText(e.Actor),
            Role = StorableText(e.Role),
            Action = StorableText(e.Action),
            SiteId = StorableTextOrNull(e.SiteId),
            CaseId = StorableTextOrNull(e.CaseId),
            Outcome = StorableText(e.Outcome),
            Detail = StorableTextOrNull(e.Detail),
            TokenId = StorableTextOrNull(e.TokenId),
        };
    }

    /// <summary>The timestamp text used in the hash and in exports: UTC, ISO-8601, six fractional digits.</summary>
    public static string FormatTimestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    private static void RequireText(string? value, string name)
    {
        if (value is null)
        {
            throw new ArgumentException($"An audit event needs a {name}.", name);
        }
    }

    private static string? StorableTextOrNull(string? value) => value is null ? null : StorableText(value);

    private static string StorableText(string value)
    {
        if (!NeedsRepair(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                builder.Append('\uFFFD');
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append('\uFFFD');
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool NeedsRepair(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return true;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    private static void AppendString(IncrementalHash hash, string? value)
    {
        if (value is null)
        {
            hash.AppendData([0]);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> prefix = stackalloc byte[5];
        prefix[0] = 1;
        BinaryPrimitives.WriteInt32BigEndian(prefix[1..], bytes.Length);
        hash.AppendData(prefix);
        hash.AppendData(bytes);
    }

    private static void AppendInteger(IncrementalHash hash, int? value)
    {
        Span<byte> field = stackalloc byte[5];
        if (value is not { } present)
        {
            hash.AppendData(field[..1]);
            return;
        }

        field[0] = 1;
        BinaryPrimitives.WriteInt32BigEndian(field[1..], present);
        hash.AppendData(field);
    }
}
