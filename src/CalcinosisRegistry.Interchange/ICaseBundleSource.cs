namespace CalcinosisRegistry.Interchange;

/// <summary>The files of a CSV bundle, from a zip archive or a folder.</summary>
public interface ICaseBundleSource
{
    IReadOnlyCollection<string> FileNames { get; }

    Stream Open(string fileName);
}
