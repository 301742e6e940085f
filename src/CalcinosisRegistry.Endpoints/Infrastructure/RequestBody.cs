using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace CalcinosisRegistry.Endpoints.Infrastructure;

internal static class RequestBody
{
    /// <summary>Contract section 2: a case document is at most 256 KiB.</summary>
    public const int MaxCaseBytes = 256 * 1024;

    /// <summary>Reads the whole body, or returns null when it is longer than <paramref name="maxBytes"/>.</summary>
    /// <remarks>
    /// Every case write comes through here, so a body of known length is read straight into one array of that
    /// length; only a chunked body (no Content-Length) is collected through a pooled buffer.
    /// </remarks>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared)
        {
            return declared > maxBytes ? null : await ReadDeclaredAsync(request.Body, (int)declared, cancellationToken);
        }

        using var collected = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (collected.Length + read > maxBytes)
                {
                    return null;
                }

                collected.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return collected.ToArray();
    }

    /// <summary>Kestrel stops the body at its Content-Length, so an array of that length holds all of it.</summary>
    private static async Task<byte[]> ReadDeclaredAsync(Stream body, int length, CancellationToken cancellationToken)
    {
        var content = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            var read = await body.ReadAsync(content.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                return content[..filled];
            }

            filled += read;
        }

        return content;
    }
}
