using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>Collects each scenario's tables, prints them as they come, and ends with one markdown snippet.</summary>
public sealed class BenchmarkReport
{
    private readonly List<ResultTable> _tables = [];

    public IReadOnlyDictionary<string, string> SiloEnvironment { get; init; } = new Dictionary<string, string>();

    public void Add(ResultTable table)
    {
        _tables.Add(table);
        Console.WriteLine(table.ToText());
    }

    public static void Progress(string message) =>
        Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    public static string Environment() => string.Create(CultureInfo.InvariantCulture,
        $"{System.Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}, {RuntimeInformation.FrameworkDescription}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

    public string ToMarkdown(string commandLine)
    {
        var markdown = new StringBuilder();
        markdown.AppendLine($"## Benchmark results ({DateTime.UtcNow:yyyy-MM-dd})").AppendLine();
        markdown.AppendLine($"Machine: {Environment()}. Client and server(s) share the machine; HTTP/1.1 over loopback.").AppendLine();
        markdown.AppendLine($"Command: `{commandLine}`").AppendLine();
        if (SiloEnvironment.Count > 0)
        {
            markdown.AppendLine($"Silo environment: {string.Join(", ", SiloEnvironment.Select(e => $"`{e.Key}={e.Value}`"))}"
                + " (with `--access-control on`, the durable and cluster scenarios set `Registry__Security__Enabled=true` and a bootstrap admin token).").AppendLine();
        }

        foreach (var table in _tables)
        {
            markdown.AppendLine(table.ToMarkdown());
        }

        return markdown.ToString();
    }
}
