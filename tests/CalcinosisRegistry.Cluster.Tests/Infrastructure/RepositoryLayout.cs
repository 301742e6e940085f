using System.Reflection;

namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>Finds the repository root (for tests/postgres.sh) and the built silo (to start it as a process).</summary>
internal static class RepositoryLayout
{
    public const string SiloAssemblyName = "CalcinosisRegistry.Silo";

    /// <summary>
    /// Walks up to CalcinosisRegistry.sln from the test binaries, the working directory and the project directory
    /// recorded at build time (binaries may live under an --artifacts-path outside the repository).
    /// </summary>
    public static string? FindRepositoryRoot()
    {
        foreach (var start in StartingPoints())
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "CalcinosisRegistry.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The folder holding a runnable CalcinosisRegistry.Silo.dll with its runtimeconfig and deps files. The
    /// ProjectReference copies the silo next to the tests; the silo's own output folder is the fallback, both for
    /// the default layout (src/…/bin/Debug/net10.0) and for an artifacts path (bin/CalcinosisRegistry.Silo/debug).
    /// </summary>
    public static string FindSiloDirectory()
    {
        var testDirectory = AppContext.BaseDirectory;
        var candidates = new List<string> { testDirectory };

        // Artifacts layout: <artifacts>/bin/CalcinosisRegistry.Cluster.Tests/<pivot> → <artifacts>/bin/CalcinosisRegistry.Silo/<pivot>.
        var pivot = new DirectoryInfo(testDirectory.TrimEnd(Path.DirectorySeparatorChar));
        if (pivot.Parent?.Parent is { } binRoot)
        {
            candidates.Add(Path.Combine(binRoot.FullName, SiloAssemblyName, pivot.Name));
        }

        // Default layout: <repo>/tests/X/bin/<Configuration>/<tfm> → <repo>/src/CalcinosisRegistry.Silo/bin/<Configuration>/<tfm>.
        if (FindRepositoryRoot() is { } root && pivot.Parent is { } configuration)
        {
            candidates.Add(Path.Combine(root, "src", SiloAssemblyName, "bin", configuration.Name, pivot.Name));
        }

        foreach (var candidate in candidates)
        {
            if (IsRunnableSilo(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"No runnable {SiloAssemblyName}.dll (with its .runtimeconfig.json and .deps.json) was found; looked in: "
            + string.Join(", ", candidates) + ". Build the test project so that its ProjectReference builds the silo.");
    }

    private static bool IsRunnableSilo(string directory) =>
        File.Exists(Path.Combine(directory, SiloAssemblyName + ".dll"))
        && File.Exists(Path.Combine(directory, SiloAssemblyName + ".runtimeconfig.json"))
        && File.Exists(Path.Combine(directory, SiloAssemblyName + ".deps.json"));

    private static IEnumerable<string> StartingPoints()
    {
        var projectDirectory = typeof(RepositoryLayout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "TestProjectDirectory")?.Value;
        return new[] { AppContext.BaseDirectory, Environment.CurrentDirectory, projectDirectory }.OfType<string>();
    }
}
