using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Interchange.Csv;
using Spectre.Console;

namespace CalcinosisRegistry.Cli;

/// <summary><c>calcreg template folder</c>: the bundle's seven files with their headers, and the data dictionary.</summary>
public static class TemplateCommand
{
    public static async Task<int> RunAsync(IAnsiConsole console, string folder, CancellationToken cancellationToken)
    {
        await CsvBundleArchive.WriteFolderAsync(AsyncEnumerable.Empty<CaseDocument>(), folder, cancellationToken);
        console.MarkupLine($"Wrote an empty bundle to [bold]{Markup.Escape(folder)}[/]: {string.Join(", ", CsvBundleLayout.Files.Select(f => f.Name))} and {CsvBundleLayout.DataDictionaryFile}.");
        return 0;
    }
}
