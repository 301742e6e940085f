using System.Globalization;
using System.Security.Cryptography;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Interchange;
using CalcinosisRegistry.Interchange.Csv;
using CalcinosisRegistry.Interchange.Fhir;
using CalcinosisRegistry.Interchange.Ndjson;

namespace CalcinosisRegistry.Endpoints.Bulk;

/// <summary>
/// Writes a site's export to a scratch file, one case at a time, and says what it covered. Spooling to disk keeps
/// memory bounded for any site, lets the audit entry (written before the first byte is sent) name exactly the
/// cases and bytes handed out, and turns a fault while reading the cases into a clean 503 instead of a cut download.
/// The file has no name from the moment it is opened (<see cref="ScratchFile"/>), so a process killed while
/// exporting leaves nothing behind.
/// </summary>
internal sealed class SiteExport
{
    private readonly FileStream _file;

    private SiteExport(FileStream file) => _file = file;

    public int Cases { get; private set; }

    public string? FirstCaseId { get; private set; }

    public string? LastCaseId { get; private set; }

    public string Sha256 { get; private set; } = string.Empty;

    public static async Task<SiteExport> WriteAsync(
        ExportFormat format, string siteId, IAsyncEnumerable<CaseSnapshot> snapshots, string scratchDirectory, CancellationToken cancellationToken)
    {
        var export = new SiteExport(new FileStream(ScratchFile.Open(scratchDirectory, "export", asynchronous: true), FileAccess.ReadWrite, 81920, isAsync: true));
        try
        {
            var counted = export.CountAsync(snapshots, cancellationToken);
            var file = export._file;
            switch (format)
            {
                case ExportFormat.Csv:
                    await CsvBundleArchive.WriteZipAsync(SiteCases.DocumentsAsync(counted, cancellationToken), file, scratchDirectory, cancellationToken);
                    break;
                default:
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

                    break;
            }

            await file.FlushAsync(cancellationToken);
            file.Position = 0;
            export.Sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
            file.Position = 0;
            return export;
        }
        catch
        {
            await export._file.DisposeAsync();
            throw;
        }
    }

    /// <summary>The audit entry's detail: the format, how many cases, the first and last case id, and the file's hash.</summary>
    public string Describe(ExportFormat format) => string.Create(CultureInfo.InvariantCulture,
        $"export format={format.ToString().ToLowerInvariant()} cases={Cases} first={FirstCaseId ?? "-"} last={LastCaseId ?? "-"} sha256={Sha256}");

    /// <summary>The finished file, positioned at its start; the caller owns it (the response disposes it, sent or not).</summary>
    public Stream Content => _file;

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
