using System.Security.Cryptography;
using System.Text;

namespace CalcinosisRegistry.Domain.Access;

/// <summary>
/// Registry-issued bearer tokens: <c>crt_{tokenId}_{secret}</c>. The id finds the stored record; the secret is 32
/// random bytes shown once and stored only as its SHA-256 (a fast hash is right here: the secret has 256 bits of
/// entropy, so there is nothing to brute-force, unlike a password).
/// </summary>
public static class ApiToken
{
    public const string Prefix = "crt_";
    private const int TokenIdBytes = 9;
    private const int SecretBytes = 32;

    public sealed record Issued(string TokenId, string Token, string SecretHash);

    public static Issued Issue()
    {
        var tokenId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(TokenIdBytes));
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SecretBytes));
        return new Issued(tokenId, $"{Prefix}{tokenId}_{secret}", HashSecret(secret));
    }

    /// <summary>Splits a presented token; false for anything that is not exactly the issued shape.</summary>
    public static bool TryParse(string? token, out string tokenId, out string secret)
    {
        tokenId = secret = string.Empty;
        if (token is null || token.Length > 200 || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = token[Prefix.Length..].Split('_');
        if (parts.Length != 2 || parts[0].Length != TokenIdBytes * 2 || parts[1].Length != SecretBytes * 2 || !parts.All(IsLowerHex))
        {
            return false;
        }

        (tokenId, secret) = (parts[0], parts[1]);
        return true;
    }

    public static string HashSecret(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares hashes in constant time, so response timing reveals nothing about a stored hash.</summary>
    public static bool HashesEqual(string left, string right) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(left), Encoding.ASCII.GetBytes(right));

    private static bool IsLowerHex(string text) => text.All(char.IsAsciiHexDigitLower);
}
