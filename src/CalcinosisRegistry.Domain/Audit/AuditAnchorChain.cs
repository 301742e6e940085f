using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CalcinosisRegistry.Domain.Audit;

/// <summary>
/// The chain of <see cref="AuditAnchor"/>s: anchor n carries SHA-256 over (format tag, n, the publication time as
/// <see cref="AuditChain.FormatTimestamp"/> writes it, the heads' text, hash of anchor n-1), each string length-prefixed
/// as in <see cref="AuditChain"/>. Removing, changing or reordering an anchor breaks it like an entry chain; its own head
/// (kept apart, as every chain's) reveals a removed tail.
/// </summary>
public static class AuditAnchorChain
{
    private const string FormatTag = "calcinosis-registry/audit-anchor/v1";

    public static string ComputeHash(long sequence, DateTimeOffset publishedAt, string heads, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(heads);
        ArgumentNullException.ThrowIfNull(previousHash);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendString(hash, FormatTag);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, sequence);
        hash.AppendData(number);
        AppendString(hash, AuditChain.FormatTimestamp(publishedAt));
        AppendString(hash, heads);
        AppendString(hash, previousHash);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The anchor after <paramref name="head"/> recording <paramref name="heads"/>, published at <paramref name="at"/> (kept to microseconds).</summary>
    public static AuditAnchor AppendAfter(AuditHead head, DateTimeOffset at, IReadOnlyDictionary<string, AuditHead> heads)
    {
        ArgumentNullException.ThrowIfNull(head);
        var utcTicks = at.UtcTicks;
        var publishedAt = new DateTimeOffset(utcTicks - (utcTicks % (TimeSpan.TicksPerMillisecond / 1000)), TimeSpan.Zero);
        var text = AuditChainHeads.Format(heads);
        var sequence = checked(head.Sequence + 1);
        return new AuditAnchor(sequence, publishedAt, text, head.Hash, ComputeHash(sequence, publishedAt, text, head.Hash));
    }

    private static void AppendString(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> prefix = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(prefix, bytes.Length);
        hash.AppendData(prefix);
        hash.AppendData(bytes);
    }
}
