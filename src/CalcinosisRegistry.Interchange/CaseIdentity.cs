using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CalcinosisRegistry.Interchange;

/// <summary>
/// A case id's first 128 bits of SHA-256: what the readers keep of each id to find duplicates and join rows. A
/// million ids held as strings cost about 100 MB; as these, a third of it, and two distinct ids share one with a
/// probability of about 10^-27 for a million cases.
/// </summary>
internal static class CaseIdentity
{
    public static UInt128 Of(string caseId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(caseId), hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }
}
