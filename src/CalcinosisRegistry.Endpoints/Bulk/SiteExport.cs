using System.Globalization;
using System.Security.Cryptography;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Interchange.Csv;
using CalcinosisRegistry.Interchange.Fhir;
using CalcinosisRegistry.Interchange.Ndjson;

namespace CalcinosisRegistry.Endpoints.Bulk;

/// <summary>
/// Writes a site's export to a scratch file, one case at a time, and says what it covered. Spooling to disk keeps
/// memory bounded for any site, lets the audit entry (written before the first byte is sent) name exactly the
/// cases and bytes handed out, and turns a fault while reading the cases into a clean 503 instead of a cut download.
/// </summary>
internal sealed class SiteExport
{
    private readonly string _path;

    private SiteExport(string path) => _path = path;

    public int Cases { get; private set; }

    public string? FirstCaseId { get; private set; }

    public string? LastCaseId { get; private set; }

    public string Sha256 { get; private set; } = string.Empty;

    public static async Task<SiteExport> WriteAsync(
        ExportFormat format, string siteId, IAsyncEnumerable<CaseSnapshot> snapshots, CancellationToken cancellationToken)
    {
        var export = new SiteExport(Path.Combine(Path.GetTempPath(), $"calcreg-export-{Guid.NewGuid():N}"));
        try
        {
            var counted = export.CountAsync(snapshots, cancellationToken);
            switch (format)
            {
                case ExportFormat.Csv:
                    await CsvBundleArchive.WriteZipFileAsync(SiteCases.DocumentsAsync(counted, cancellationToken), export._path, cancellationToken);
                    break;
                default:
                    await using (var file = new FileStream(export._path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                    {
                        await foreach (var document in SiteCases.DocumentsAsync(counted, cancellationToken))
                        {
                            if (format == ExportFormat.Fhir)
                            {
                                await FhirNdjsonWriter.WriteAsync(file, siteId, document, cancellationToken);
                            }
                            else
                            {
                                await NdjsonCaseWriter.WriteAsync(file, document, cancellationToken);
                            }
                        }
                    }

                    break;
            }

            await using (var written = File.OpenRead(export._path))
            {
                export.Sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(written, cancellationToken));
            }

            return export;
        }
        catch
        {
            File.Delete(export._path);
            throw;
        }
    }

    /// <summary>The audit entry's detail: the format, how many cases, the first and last case id, and the file's hash.</summary>
    public string Describe(ExportFormat format) => string.Create(CultureInfo.InvariantCulture,
        $"export format={format.ToString().ToLowerInvariant()} cases={Cases} first={FirstCaseId ?? "-"} last={LastCaseId ?? "-"} sha256={Sha256}");

    /// <summary>The finished file, deleted when it is closed (the response registers it for disposal, sent or not).</summary>
    public Stream OpenForSending() => new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Delete, 81920,
        FileOptions.Asynchronous | FileOptions.SequentialScan | FileOptions.DeleteOnClose);

    private async IAsyncEnumerable<CaseSnapshot> CountAsync(
        IAsyncEnumerable<CaseSnapshot> snapshots, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var snapshot in snapshots.WithCancellation(cancellationToken))
        {
            Cases++;
            FirstCaseId ??= snapshot.CaseId;
            LastCaseId = snapshot.CaseId;
            yield return snapshot;
        }
    }
}
