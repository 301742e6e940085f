namespace CalcinosisRegistry.Interchange;

/// <summary>A CSV bundle as a folder of files (the command-line tool's form).</summary>
public sealed class FolderBundleSource(string folder) : ICaseBundleSource
{
    public IReadOnlyCollection<string> FileNames { get; } =
        [.. Directory.EnumerateFiles(folder).Select(path => Path.GetFileName(path))];

    public Stream Open(string fileName) => File.OpenRead(Path.Combine(folder, fileName));
}
