using System.Text;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>A titled table of results, printed aligned for the console and as markdown for docs/benchmarks.md.</summary>
public sealed class ResultTable(string title, params string[] columns)
{
    private readonly List<string[]> _rows = [];
    private readonly List<string> _notes = [];

    public string Title { get; } = title;

    public void AddRow(params string[] cells)
    {
        if (cells.Length != columns.Length)
        {
            throw new ArgumentException($"A row of '{Title}' needs {columns.Length} cells, not {cells.Length}.");
        }

        _rows.Add(cells);
    }

    public void AddNote(string note) => _notes.Add(note);

    public string ToText()
    {
        var widths = columns.Select((column, i) => _rows.Select(row => row[i].Length).Append(column.Length).Max()).ToArray();
        var text = new StringBuilder();
        text.AppendLine().AppendLine($"== {Title} ==");
        AppendLine(text, columns, widths);
        text.AppendLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in _rows)
        {
            AppendLine(text, row, widths);
        }

        foreach (var note in _notes)
        {
            text.AppendLine($"  * {note}");
        }

        return text.ToString();
    }

    public string ToMarkdown()
    {
        var markdown = new StringBuilder();
        markdown.AppendLine($"### {Title}").AppendLine();
        markdown.AppendLine($"| {string.Join(" | ", columns)} |");
        markdown.AppendLine($"|{string.Join("|", columns.Select((_, i) => _rows.Count > 0 && LooksNumeric(_rows[0][i]) ? " ---: " : " --- "))}|");
        foreach (var row in _rows)
        {
            markdown.AppendLine($"| {string.Join(" | ", row.Select(cell => cell.Replace("|", "\\|", StringComparison.Ordinal)))} |");
        }

        if (_notes.Count > 0)
        {
            markdown.AppendLine();
            foreach (var note in _notes)
            {
                markdown.AppendLine($"- {note}");
            }
        }

        return markdown.ToString();
    }

    private static void AppendLine(StringBuilder text, string[] cells, int[] widths) =>
        text.AppendLine(string.Join(" | ", cells.Select((cell, i) => LooksNumeric(cell) ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))));

    private static bool LooksNumeric(string cell) => cell.Length > 0 && (char.IsAsciiDigit(cell[0]) || cell == "n/a");
}
