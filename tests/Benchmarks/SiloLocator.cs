namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// Finds the silo's build output. The project reference copies it next to this program; failing that (for example a
/// different output layout), the silo project's own output folder under the same artifacts root is used.
/// </summary>
public static class SiloLocator
{
    public const string SiloAssembly = "CalcinosisRegistry.Silo.dll";

    public static string Find(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            return IsLaunchable(explicitPath) ? Path.GetFullPath(explicitPath)
                : throw new FileNotFoundException($"{explicitPath} is not a launchable silo (it needs its .runtimeconfig.json alongside).");
        }

        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, SiloAssembly) };
        // Artifacts layout: <root>/bin/CalcinosisRegistry.Benchmarks/<pivot>/ → <root>/bin/CalcinosisRegistry.Silo/<pivot>/.
        var benchmarkFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        if (benchmarkFolder.Parent?.Parent is { } binRoot)
        {
            candidates.Add(Path.Combine(binRoot.FullName, "CalcinosisRegistry.Silo", benchmarkFolder.Name, SiloAssembly));
        }

        // Classic layout: tests/Benchmarks/bin/<Configuration>/<tfm>/ → src/CalcinosisRegistry.Silo/bin/<Configuration>/<tfm>/.
        for (var folder = benchmarkFolder; folder is not null; folder = folder.Parent)
        {
            var source = Path.Combine(folder.FullName, "src", "CalcinosisRegistry.Silo", "bin");
            if (Directory.Exists(source))
            {
                candidates.AddRange(Directory.EnumerateFiles(source, SiloAssembly, SearchOption.AllDirectories)
                    .OrderByDescending(path => path.Contains("Release", StringComparison.OrdinalIgnoreCase)));
                break;
            }
        }

        return candidates.FirstOrDefault(IsLaunchable)
            ?? throw new FileNotFoundException($"{SiloAssembly} was not found; looked at: {string.Join(", ", candidates)}. Pass --silo-dll.");
    }

    private static bool IsLaunchable(string dll) =>
        File.Exists(dll) && File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json"));
}
