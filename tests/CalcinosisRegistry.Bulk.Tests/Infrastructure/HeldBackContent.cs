using System.Net;

namespace CalcinosisRegistry.Bulk.Tests.Infrastructure;

/// <summary>A request body sent in two parts: the first at once, the rest only when <paramref name="rest"/> completes.</summary>
public sealed class HeldBackContent(byte[] body, int firstPart, Task rest) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(body.AsMemory(0, firstPart));
        await stream.FlushAsync();
        await rest;
        await stream.WriteAsync(body.AsMemory(firstPart));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
