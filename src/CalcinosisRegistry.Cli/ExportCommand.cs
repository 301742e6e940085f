using Spectre.Console;

namespace CalcinosisRegistry.Cli;

/// <summary><c>calcreg export site [--format] [--output]</c>: streams the site's export to a file.</summary>
public sealed class ExportCommand(RegistryClient client, IAnsiConsole console)
{
    public async Task<int> RunAsync(string site, string format, string? output, CancellationToken cancellationToken)
    {
        var path = output ?? $"{site}.{(format switch { "csv" => "zip", "fhir" => "fhir.ndjson", _ => "ndjson" })}";
        using var response = await client.SendAsync(HttpMethod.Get, $"/api/sites/{Uri.EscapeDataString(site)}/export?format={format}", cancellationToken: cancellationToken);
        await using (var file = File.Create(path))
        {
            await response.Content.CopyToAsync(file, cancellationToken);
        }

        console.MarkupLine($"Exported site [bold]{Markup.Escape(site)}[/] as {format} to [bold]{Markup.Escape(path)}[/] ({new FileInfo(path).Length} bytes).");
        return 0;
    }
}
