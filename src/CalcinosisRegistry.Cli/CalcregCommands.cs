using System.CommandLine;
using Spectre.Console;

namespace CalcinosisRegistry.Cli;

/// <summary>The command tree of <c>calcreg</c>. Each command's work is in its own class; failures end as sentences and exit codes.</summary>
public static class CalcregCommands
{
    public static RootCommand Build()
    {
        var server = new Option<string?>("--server") { Description = $"The registry's address (else CALCREG_SERVER, the config file, or {CliSettings.DefaultServer})", Recursive = true };
        var root = new RootCommand("calcreg: bulk import and export, statistics and bundle templates for the calcinosis registry.");
        root.Options.Add(server);

        var importSite = new Argument<string>("site") { Description = "The site to import into" };
        var importPath = new Argument<string>("path") { Description = "A CSV bundle (zip or folder) or an NDJSON file" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Commit without asking" };
        var skipRefused = new Option<bool>("--skip-refused") { Description = "Commit the valid cases even if some are refused" };
        var import = new Command("import", "Stage a bundle, show its preview, and commit it with a progress bar.") { importSite, importPath, yes, skipRefused };
        import.SetAction((parse, token) => RunAsync(parse.GetValue(server), client =>
            new ImportCommand(client, AnsiConsole.Console).RunAsync(parse.GetValue(importSite)!, parse.GetValue(importPath)!, parse.GetValue(yes), parse.GetValue(skipRefused), token)));
        root.Subcommands.Add(import);

        var exportSite = new Argument<string>("site") { Description = "The site to export" };
        var format = new Option<string>("--format") { Description = "csv (a zipped bundle), ndjson or fhir", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "ndjson", "fhir");
        var output = new Option<string?>("--output", "-o") { Description = "The file to write (default: {site}.zip, .ndjson or .fhir.ndjson)" };
        var export = new Command("export", "Download a site's cases.") { exportSite, format, output };
        export.SetAction((parse, token) => RunAsync(parse.GetValue(server), client =>
            new ExportCommand(client, AnsiConsole.Console).RunAsync(parse.GetValue(exportSite)!, parse.GetValue(format)!, parse.GetValue(output), token)));
        root.Subcommands.Add(export);

        var type = new Argument<string?>("type") { Description = "dystrophic, metastatic, idiopathic, iatrogenic or all (default: every type)", Arity = ArgumentArity.ZeroOrOne };
        var statsFormat = new Option<string>("--format") { Description = "table, csv (tidy: one row per type, class and field, with the disclosure column) or json", DefaultValueFactory = _ => "table" };
        statsFormat.AcceptOnlyFromAmong("table", "csv", "json");
        var stats = new Command("stats", "Response and recurrence statistics per type and treatment class.") { type, statsFormat };
        stats.SetAction((parse, token) => RunAsync(parse.GetValue(server), client =>
            new StatsCommand(client, AnsiConsole.Console).RunAsync(parse.GetValue(type), parse.GetValue(statsFormat)!, token)));
        root.Subcommands.Add(stats);

        var request = new Option<string?>("--request") { Description = "A JSON file with the analysis request (filter and compare); the options below override its members" };
        var compare = new Option<string?>("--compare") { Description = "none, treatment-class, calcinosis-type, sex, site or age-band" };
        var types = new Option<string[]>("--type") { Description = "Only cases of this calcinosis type (repeatable)", AllowMultipleArgumentsPerToken = false };
        var conditions = new Option<string[]>("--condition") { Description = "Only cases with this underlying condition (repeatable)" };
        var sexes = new Option<string[]>("--sex") { Description = "Only cases of this sex (repeatable)" };
        var sites = new Option<string[]>("--site") { Description = "Only cases of this site (repeatable)" };
        var classes = new Option<string[]>("--class") { Description = "Only courses of this treatment class (repeatable)" };
        var analyzeFormat = new Option<string>("--format") { Description = "table, csv (tidy, with the disclosure column) or json", DefaultValueFactory = _ => "table" };
        analyzeFormat.AcceptOnlyFromAmong("table", "csv", "json");
        var analyze = new Command("analyze", "A cohort comparison: response and recurrence by group, with the log-rank test.")
        {
            request, compare, types, conditions, sexes, sites, classes, analyzeFormat,
        };
        analyze.SetAction((parse, token) => RunAsync(parse.GetValue(server), client =>
            new AnalyzeCommand(client, AnsiConsole.Console).RunAsync(
                new AnalysisOptions(parse.GetValue(request), parse.GetValue(compare), parse.GetValue(types) ?? [], parse.GetValue(conditions) ?? [],
                    parse.GetValue(sexes) ?? [], parse.GetValue(sites) ?? [], parse.GetValue(classes) ?? []),
                parse.GetValue(analyzeFormat)!, token)));
        root.Subcommands.Add(analyze);

        var folder = new Argument<string>("folder") { Description = "Where to write the empty bundle" };
        var template = new Command("template", "Write an empty CSV bundle (headers only) with its data dictionary.") { folder };
        template.SetAction((parse, token) => RunAsync(null, _ => TemplateCommand.RunAsync(AnsiConsole.Console, parse.GetValue(folder)!, token), needsServer: false));
        root.Subcommands.Add(template);
        return root;
    }

    private static async Task<int> RunAsync(string? server, Func<RegistryClient, Task<int>> command, bool needsServer = true)
    {
        try
        {
            using var client = new RegistryClient(needsServer ? CliSettings.Resolve(server) : new CliSettings(new Uri(CliSettings.DefaultServer), null));
            return await command(client);
        }
        catch (CliException exception)
        {
            AnsiConsole.Console.MarkupLine($"[red]error:[/] {Markup.Escape(exception.Message)}");
            return exception.ExitCode;
        }
    }
}
