using System.Xml.Linq;

namespace CalcinosisRegistry.Operations.Tests.Deployment;

/// <summary>A project and every project it references, directly or not, read from the .csproj files themselves.</summary>
internal static class ProjectGraph
{
    /// <summary>Paths relative to <paramref name="root"/>, with forward slashes, the project itself included.</summary>
    public static IReadOnlySet<string> Closure(string root, string project)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(Path.Combine(root, project))]);
        while (pending.TryPop(out var path))
        {
            if (!found.Add(Relative(root, path)))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(path).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', '/');
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, include)));
            }
        }

        return found;
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
