using System.IO.Compression;
using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Interchange.Csv;

/// <summary>
/// A CSV bundle as a folder or a zip. A zip holds one file at a time, so the seven files are first written side by
/// side into a scratch folder (one pass over the cases, memory bounded) and then packed.
/// </summary>
public static class CsvBundleArchive
{
    public const string MediaType = "application/zip";

    /// <summary>Writes the bundle's files and its data dictionary into <paramref name="folder"/>; returns how many cases.</summary>
    public static async Task<int> WriteFolderAsync(IAsyncEnumerable<CaseDocument> cases, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var count = 0;
        await using (var writer = new CsvBundleWriter(file => new StreamWriter(Path.Combine(folder, file.Name), append: false, CsvBundleWriter.Encoding)))
        {
            await foreach (var document in cases.WithCancellation(cancellationToken))
            {
                writer.Write(document);
                count++;
            }
        }

        await using var dictionary = new StreamWriter(Path.Combine(folder, CsvBundleLayout.DataDictionaryFile), append: false, CsvBundleWriter.Encoding);
        DataDictionary.Write(dictionary);
        return count;
    }

    /// <summary>Writes the bundle as a zip to <paramref name="zipPath"/>; returns how many cases.</summary>
    public static async Task<int> WriteZipFileAsync(IAsyncEnumerable<CaseDocument> cases, string zipPath, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("calcreg-bundle-");
        try
        {
            var count = await WriteFolderAsync(cases, scratch.FullName, cancellationToken);
            await using var zip = new FileStream(zipPath, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var name in CsvBundleLayout.Files.Select(file => file.Name).Append(CsvBundleLayout.DataDictionaryFile))
                {
                    archive.CreateEntryFromFile(Path.Combine(scratch.FullName, name), name, CompressionLevel.Fastest);
                }
            }

            return count;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
