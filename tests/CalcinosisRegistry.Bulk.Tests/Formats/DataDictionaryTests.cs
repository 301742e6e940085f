using System.Globalization;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Interchange.Csv;
using CsvHelper;

namespace CalcinosisRegistry.Bulk.Tests.Formats;

/// <summary>The data dictionary must say what the validator does: each published limit and code is put to it.</summary>
public sealed class DataDictionaryTests
{
    private const int Year = 2026;

    // One cell of the example case per column whose value range stands alone (no cross-field rule applies to it).
    private static readonly (string File, string Column, int Row)[] RangedCells =
    [
        ("cases.csv", "age_at_onset_years", 1),
        ("observations.csv", "size_mm", 1),
        ("observations.csv", "pain_score", 1),
        ("labs.csv", "serum_calcium_mg_dl", 1),
        ("labs.csv", "phosphate_mg_dl", 1),
        ("labs.csv", "pth_pg_ml", 1),
    ];

    [Fact]
    public void Every_column_of_every_file_is_described_once()
    {
        var rows = ReadDictionary();

        Assert.Equal(
            CsvBundleLayout.Files.SelectMany(file => file.Columns.Select(column => $"{file.Name}/{column.Name}")),
            rows.Select(row => $"{row["file"]}/{row["column"]}"));
        Assert.Equal("mg/dL", rows.Single(r => r["column"] == "serum_calcium_mg_dl")["unit"]);
        Assert.Equal("1", rows.Single(r => r["column"] == "serum_calcium_mg_dl")["minimum"]);
        Assert.Equal("25", rows.Single(r => r["column"] == "serum_calcium_mg_dl")["maximum"]);
    }

    [Fact]
    public async Task The_published_ranges_are_the_validators_own()
    {
        var rows = ReadDictionary();
        foreach (var (file, column, row) in RangedCells)
        {
            var entry = rows.Single(r => r["file"] == file && r["column"] == column);
            var minimum = double.Parse(entry["minimum"], CultureInfo.InvariantCulture);
            Assert.True(await AcceptsAsync(file, column, row, entry["minimum"]), $"{file} {column} refuses its minimum");
            Assert.False(await AcceptsAsync(file, column, row, (minimum - 0.5).ToString(CultureInfo.InvariantCulture)), $"{file} {column} accepts below its minimum");
            if (entry["maximum"] is { Length: > 0 } maximumText)
            {
                var maximum = double.Parse(maximumText, CultureInfo.InvariantCulture);
                Assert.True(await AcceptsAsync(file, column, row, maximumText), $"{file} {column} refuses its maximum");
                Assert.False(await AcceptsAsync(file, column, row, (maximum + 1).ToString(CultureInfo.InvariantCulture)), $"{file} {column} accepts above its maximum");
            }
        }
    }

    [Fact]
    public async Task Every_published_code_is_accepted_and_nothing_else()
    {
        var rows = ReadDictionary();
        foreach (var (file, column) in new[] { ("lesions.csv", "body_site"), ("treatments.csv", "class"), ("assessments.csv", "response"), ("cases.csv", "sex") })
        {
            var codes = rows.Single(r => r["file"] == file && r["column"] == column)["allowed_values"].Split(';');
            Assert.NotEmpty(codes);
            foreach (var code in codes)
            {
                Assert.True(await AcceptsAsync(file, column, 1, code), $"{file} {column} refuses '{code}'");
            }

            Assert.False(await AcceptsAsync(file, column, 1, "not-a-code"), $"{file} {column} accepts an unpublished code");
        }

        var types = rows.Single(r => r["column"] == "calcinosis_type")["allowed_values"];
        Assert.Equal("dystrophic;metastatic;idiopathic;iatrogenic", types);
    }

    private static List<Dictionary<string, string>> ReadDictionary()
    {
        var text = new StringWriter();
        DataDictionary.Write(text);
        using var csv = new CsvReader(new StringReader(text.ToString()), CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            rows.Add(DataDictionary.Header.ToDictionary(name => name, name => csv.GetField(name)!));
        }

        return rows;
    }

    /// <summary>Imports the example case with one cell (data row <paramref name="row"/> of the file) replaced.</summary>
    private static async Task<bool> AcceptsAsync(string file, string column, int row, string value)
    {
        var bundle = await InMemoryBundle.WriteAsync([ContractExample.Document]);
        var lines = bundle.Text(file).Split("\r\n");
        var header = lines[0].Split(',');
        var cells = lines[row].Split(',');
        cells[Array.IndexOf(header, column)] = value;
        lines[row] = string.Join(',', cells);
        bundle.SetText(file, string.Join("\r\n", lines));

        var read = CsvBundleReader.Read(bundle, Year);
        Assert.Empty(read.BundleFaults);
        return Assert.Single(read.Cases).IsValid;
    }
}
