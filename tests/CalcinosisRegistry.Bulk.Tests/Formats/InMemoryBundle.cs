using System.Text;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Interchange;
using CalcinosisRegistry.Interchange.Csv;

namespace CalcinosisRegistry.Bulk.Tests.Formats;

/// <summary>A CSV bundle held as text per file name, to write, edit and read back in tests.</summary>
public sealed class InMemoryBundle : ICaseBundleSource
{
    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> FileNames => Files.Keys;

    public Stream Open(string fileName) => new MemoryStream(Files[fileName], writable: false);

    public string Text(string fileName) => Encoding.UTF8.GetString(Files[fileName]);

    public void SetText(string fileName, string text) => Files[fileName] = Encoding.UTF8.GetBytes(text);

    public static async Task<InMemoryBundle> WriteAsync(IEnumerable<CaseDocument> documents)
    {
        var bundle = new InMemoryBundle();
        var buffers = new Dictionary<string, StringWriter>();
        await using (var writer = new CsvBundleWriter(file => buffers[file.Name] = new StringWriter()))
        {
            foreach (var document in documents)
            {
                writer.Write(document);
            }
        }

        foreach (var (name, text) in buffers)
        {
            bundle.SetText(name, text.ToString());
        }

        return bundle;
    }
}
