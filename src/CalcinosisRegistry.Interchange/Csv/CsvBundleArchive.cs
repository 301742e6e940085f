using System.IO.Compression;
using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Interchange.Csv;

/// <summary>
/// A CSV bundle as a folder or a zip. A zip holds one file at a time, so the seven files are first written side by
/// side into scratch files (one pass over the cases, memory bounded) and then packed.
/// </summary>
public static class CsvBundleArchive
{
    public const string MediaType = "application/zip";

    /// <summary>Writes the bundle's files and its data dictionary into <paramref name="folder"/>; returns how many cases.</summary>
    public static async Task<int> WriteFolderAsync(IAsyncEnumerable<CaseDocument> cases, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var count = await WriteCasesAsync(cases, file => new StreamWriter(Path.Combine(folder, file.Name), append: false, CsvBundleWriter.Encoding), cancellationToken);
        await using var dictionary = new StreamWriter(Path.Combine(folder, CsvBundleLayout.DataDictionaryFile), append: false, CsvBundleWriter.Encoding);
        DataDictionary.Write(dictionary);
        return count;
    }

    /// <summary>Writes the bundle as a zip to <paramref name="zipPath"/>, its parts in the system's temporary folder; returns how many cases.</summary>
    public static async Task<int> WriteZipFileAsync(IAsyncEnumerable<CaseDocument> cases, string zipPath, CancellationToken cancellationToken)
    {
        await using var zip = new FileStream(zipPath, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        return await WriteZipAsync(cases, zip, Path.GetTempPath(), cancellationToken);
    }

    /// <summary>
    /// Writes the bundle as a zip to <paramref name="zip"/> (left open); returns how many cases. The seven parts are
    /// written side by side to nameless scratch files in <paramref name="scratchDirectory"/> (<see cref="ScratchFile"/>),
    /// so a process killed while exporting leaves no part behind.
    /// </summary>
    public static async Task<int> WriteZipAsync(IAsyncEnumerable<CaseDocument> cases, Stream zip, string scratchDirectory, CancellationToken cancellationToken)
    {
        var parts = new Dictionary<CsvBundleFile, FileStream>();
        try
        {
            foreach (var file in CsvBundleLayout.Files)
            {
                parts[file] = new FileStream(ScratchFile.Open(scratchDirectory, "export-part", asynchronous: false), FileAccess.ReadWrite);
            }

            var count = await WriteCasesAsync(cases, file => new StreamWriter(parts[file], CsvBundleWriter.Encoding, bufferSize: 65536, leaveOpen: true), cancellationToken);

            using var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var (file, part) in parts)
            {
                part.Position = 0;
                await using var entry = await archive.CreateEntry(file.Name, CompressionLevel.Fastest).OpenAsync(cancellationToken);
                await part.CopyToAsync(entry, cancellationToken);
            }

            await using (var dictionary = new StreamWriter(await archive.CreateEntry(CsvBundleLayout.DataDictionaryFile, CompressionLevel.Fastest).OpenAsync(cancellationToken), CsvBundleWriter.Encoding))
            {
                DataDictionary.Write(dictionary);
            }

            return count;
        }
        finally
        {
            foreach (var part in parts.Values)
            {
                await part.DisposeAsync();
            }
        }
    }

    /// <summary>Writes every case into the bundle's files, each opened by <paramref name="open"/>; returns how many cases.</summary>
    private static async Task<int> WriteCasesAsync(IAsyncEnumerable<CaseDocument> cases, Func<CsvBundleFile, TextWriter> open, CancellationToken cancellationToken)
    {
        var count = 0;
        await using var writer = new CsvBundleWriter(open);
        await foreach (var document in cases.WithCancellation(cancellationToken))
        {
            writer.Write(document);
            count++;
        }

        return count;
    }
}
