using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using CalcinosisRegistry.Bulk.Tests.Infrastructure;
using CalcinosisRegistry.Domain.Synthetic;
using CalcinosisRegistry.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;

namespace CalcinosisRegistry.Bulk.Tests.Export;

/// <summary>An export is spooled to a scratch file before it is sent: a process killed while sending must leave none behind.</summary>
public sealed class ExportScratchTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("ndjson")]
    [InlineData("csv")]
    public async Task An_export_being_sent_is_read_from_a_scratch_file_without_a_name(string format)
    {
        var registry = await BulkRegistry.StartAsync(new BulkRegistryFactory { ExtraServices = SmallSendBuffers }, overKestrel: true);
        try
        {
            var (siteId, token, researcher) = await registry.NewSiteWithResearcherAsync("exp-scratch");
            var cases = SyntheticCohort.Generate(3_000, seed: 83).Select(c => c.Document).ToList();
            var (_, preview) = await researcher.StageAsync(siteId, Uploads.Ndjson(cases), "application/x-ndjson");
            var (committed, _) = await researcher.CommitAsync(siteId, preview.GetProperty("importId").GetString()!);
            Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
            var scratch = registry.Factory.ScratchDirectory;

            // A client that reads the headers and then waits, with socket and response buffers far smaller than the
            // export on both sides: the server is held mid-send with the export's file open.
            using var slowReader = SlowReader(registry, token);
            using var response = await slowReader.GetAsync($"/api/sites/{siteId}/export?format={format}", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await Eventually.SucceedsAsync(() => Task.FromResult(OpenScratchFiles.In(scratch, "export").Count > 0 ? null : $"no export file open in the scratch directory (the export has {response.Content.Headers.ContentLength} bytes)"),
                "the export is sent from a scratch file in Registry:Bulk:ScratchDirectory", Deadline);

            // A kill now would leave whatever the directory lists: nothing, since the open file has no name.
            Assert.All(OpenScratchFiles.In(scratch, "export"), target => Assert.EndsWith(" (deleted)", target, StringComparison.Ordinal));
            Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));

            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(cases.Count, format == "csv" ? CsvCaseRows(body) : body.Count(b => b == (byte)'\n'));
            await Eventually.SucceedsAsync(() => Task.FromResult(OpenScratchFiles.In(scratch, "export").Count == 0 ? null : "the export's file is still open"),
                "the export's file is closed once sent", Deadline);
        }
        finally
        {
            await registry.DisposeAsync();
        }
    }

    /// <summary>Kestrel with a small response buffer, on sockets with a small send buffer (accepted sockets inherit it).</summary>
    private static void SmallSendBuffers(IServiceCollection services)
    {
        services.Configure<KestrelServerOptions>(options => options.Limits.MaxResponseBufferSize = 4096);
        services.Configure<SocketTransportOptions>(options => options.CreateBoundListenSocket = endpoint =>
        {
            var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
            socket.SendBufferSize = 4096;
            return socket;
        });
    }

    private static HttpClient SlowReader(BulkRegistry registry, string token)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 4096 };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = registry.KestrelAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>The data rows of the bundle's cases.csv (one per case, after the header).</summary>
    private static int CsvCaseRows(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        using var reader = new StreamReader(archive.GetEntry("cases.csv")!.Open());
        var rows = 0;
        while (reader.ReadLine() is not null)
        {
            rows++;
        }

        return rows - 1;
    }
}
