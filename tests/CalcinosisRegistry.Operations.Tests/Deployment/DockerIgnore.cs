using System.Text.RegularExpressions;

namespace CalcinosisRegistry.Operations.Tests.Deployment;

/// <summary>
/// The .dockerignore patterns as the image build applies them to the context: <c>**</c> any number of directories,
/// <c>*</c> within one name, a trailing <c>/</c> a directory and everything below it.
/// </summary>
internal sealed class DockerIgnore(IReadOnlyList<Regex> patterns)
{
    public static DockerIgnore Read(string path) => new(
        [.. File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(ToRegex)]);

    /// <summary>Whether the context path (relative, forward slashes) is left out of the build context.</summary>
    public bool Excludes(string relativePath) => patterns.Any(p => p.IsMatch(relativePath));

    private static Regex ToRegex(string pattern)
    {
        var body = Regex.Escape(pattern.TrimEnd('/'))
            .Replace(@"\*\*/", "(?:.*/)?", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal);
        return new Regex($"^{body}(?:/.*)?$", RegexOptions.CultureInvariant);
    }
}
