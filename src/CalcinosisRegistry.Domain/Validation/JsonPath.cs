using System.Text;

namespace CalcinosisRegistry.Domain.Validation;

/// <summary>Builds the JSON paths that locate errors (<c>$</c>, <c>$.lesions[0].sizeMm</c>, <c>$['odd name']</c>).</summary>
internal static class JsonPath
{
    public const string Root = "$";

    public static string Property(string parentPath, string propertyName) =>
        IsPlainName(propertyName)
            ? $"{parentPath}.{propertyName}"
            : $"{parentPath}['{Escape(propertyName)}']";

    public static string Index(string parentPath, int index) => $"{parentPath}[{index}]";

    // Dot notation only for names a reader would recognise as identifiers; anything else (spaces, dots, quotes) is
    // bracketed so an unknown property with a strange name still yields an unambiguous path.
    private static bool IsPlainName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var character in name)
        {
            if (!(char.IsAsciiLetterOrDigit(character) || character == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Escape(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var character in name)
        {
            if (character is '\'' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(character);
        }

        return builder.ToString();
    }
}
