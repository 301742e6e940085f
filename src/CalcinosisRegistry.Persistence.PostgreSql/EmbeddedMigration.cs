using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace CalcinosisRegistry.Persistence.PostgreSql;

/// <summary>One versioned SQL script shipped inside this assembly.</summary>
/// <remarks>
/// Scripts are embedded rather than copied next to the binaries so a silo can never run with code
/// and schema from different builds. Their order is the ordinal order of their names (0001_, 0002_, ...).
/// </remarks>
internal sealed class EmbeddedMigration
{
    private const string ResourcePrefix = "Migrations.";
    private const string ResourceSuffix = ".sql";

    private EmbeddedMigration(string name, string sql)
    {
        Name = name;
        Sql = sql;
        Checksum = ChecksumOf(sql);
    }

    /// <summary>The file name without extension, e.g. <c>0002_grain_storage</c>; recorded once applied.</summary>
    public string Name { get; }

    public string Sql { get; }

    /// <summary>
    /// Lower-case hex SHA-256 of the script's UTF-8 text with LF line endings: what <c>sha256sum</c> prints for the
    /// file in a normal checkout. Line endings are normalised so that a Windows checkout (CRLF) of an unchanged script
    /// is not mistaken for an edited one.
    /// </summary>
    public string Checksum { get; }

    /// <summary>The number before the first underscore ("0008" of <c>0008_retire_publication_outbox</c>).</summary>
    public static string NumberOf(string name)
    {
        var separator = name.IndexOf('_', StringComparison.Ordinal);
        return separator < 0 ? name : name[..separator];
    }

    private static string ChecksumOf(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.Replace("\r\n", "\n", StringComparison.Ordinal))));

    public static IReadOnlyList<EmbeddedMigration> LoadAll()
    {
        var assembly = typeof(EmbeddedMigration).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(resource => resource.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                && resource.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(resource => Load(assembly, resource))
            .ToList();
    }

    private static EmbeddedMigration Load(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded migration '{resource}' could not be opened.");
        using var reader = new StreamReader(stream);
        var name = resource[ResourcePrefix.Length..^ResourceSuffix.Length];
        return new EmbeddedMigration(name, reader.ReadToEnd());
    }
}
