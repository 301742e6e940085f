using CalcinosisRegistry.Interchange;
using CalcinosisRegistry.Interchange.Csv;
using CalcinosisRegistry.Interchange.Ndjson;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CalcinosisRegistry.Endpoints.Bulk;

/// <summary>
/// An upload streamed to a scratch file (never held in memory, and never left behind: <see cref="ScratchFile"/>),
/// then read as a zipped CSV bundle (it starts with a zip signature) or as NDJSON.
/// </summary>
internal sealed class ImportUpload : IAsyncDisposable
{
    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];

    private readonly FileStream _file;

    private ImportUpload(FileStream file) => _file = file;

    public bool IsZip { get; private set; }

    public string Format => IsZip ? "csv" : "ndjson";

    /// <summary>The upload, or null when it is larger than <paramref name="maxBytes"/> (nothing is kept then).</summary>
    public static async Task<ImportUpload?> ReceiveAsync(HttpRequest request, long maxBytes, string scratchDirectory, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // The server's default (30 MB) would cut a bundle short; the registry's own limit applies instead.
            limit.MaxRequestBodySize = maxBytes + 1;
        }

        var file = new FileStream(ScratchFile.Open(scratchDirectory, "upload", asynchronous: true), FileAccess.ReadWrite, 81920, isAsync: true);
        var upload = new ImportUpload(file);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                await upload.DisposeAsync();
                return null;
            }

            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        file.Position = 0;
        var head = new byte[4];
        upload.IsZip = await file.ReadAtLeastAsync(head, 4, throwOnEndOfStream: false, cancellationToken) == 4 && head.AsSpan().SequenceEqual(ZipSignature);
        file.Position = 0;
        return upload;
    }

    /// <summary>
    /// The faults that refuse the upload as a whole, and its cases read and validated one by one. A CSV bundle's rows
    /// are first spilled to a scratch file by case (its files are joined by case id), then assembled a chunk of
    /// cases at a time; NDJSON is read a line at a time as the cases are consumed. Dispose the reading when done.
    /// </summary>
    public ImportReading Read(long maxExpandedBytes, int currentYear, string scratchDirectory, CancellationToken cancellationToken)
    {
        if (!IsZip)
        {
            return new ImportReading([], NdjsonCaseReader.ReadAsync(_file, currentYear, cancellationToken), null);
        }

        try
        {
            using var bundle = new ZipBundleSource(_file, maxExpandedBytes);
            var read = CsvBundleReader.Read(bundle, currentYear, scratchDirectory);
            return new ImportReading(read.BundleFaults, read.Cases.ToAsyncEnumerable(), read);
        }
        catch (UnsafeArchiveException exception)
        {
            return new ImportReading([new ImportFault(null, exception.Message)], AsyncEnumerable.Empty<ImportedCase>(), null);
        }
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}
