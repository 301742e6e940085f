using Microsoft.Extensions.Configuration;

namespace CalcinosisRegistry.Endpoints.Bulk;

/// <summary>
/// Limits of bulk imports, from <c>Registry:Bulk:*</c>: the upload size (default 200 MiB), how far a zip may
/// expand (default 4 times the upload limit), how long a staged import is kept (default 24 hours) and where its
/// scratch files go (default the system's temporary directory; they are unlinked as soon as opened).
/// </summary>
public sealed record BulkSettings(long MaxUploadBytes, long MaxExpandedBytes, TimeSpan ImportExpiry, string ScratchDirectory)
{
    public const long DefaultMaxUploadBytes = 200L * 1024 * 1024;

    public static BulkSettings From(IConfiguration configuration)
    {
        var upload = configuration.GetValue<long?>("Registry:Bulk:MaxUploadBytes") ?? DefaultMaxUploadBytes;
        return new BulkSettings(
            upload,
            configuration.GetValue<long?>("Registry:Bulk:MaxExpandedBytes") ?? 4 * upload,
            configuration.GetValue<TimeSpan?>("Registry:Bulk:ImportExpiry") ?? TimeSpan.FromHours(24),
            configuration["Registry:Bulk:ScratchDirectory"] is { Length: > 0 } scratch ? scratch : Path.GetTempPath());
    }
}
