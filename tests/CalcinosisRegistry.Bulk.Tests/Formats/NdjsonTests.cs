using System.Text;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;
using CalcinosisRegistry.Interchange;
using CalcinosisRegistry.Interchange.Ndjson;

namespace CalcinosisRegistry.Bulk.Tests.Formats;

public sealed class NdjsonTests
{
    private const int Year = 2026;

    [Fact]
    public async Task The_demo_cohort_round_trips_one_contract_document_per_line()
    {
        var cohort = SyntheticCohort.Generate(400).Select(c => c.Document).ToList();
        using var stream = new MemoryStream();
        foreach (var document in cohort)
        {
            await NdjsonCaseWriter.WriteAsync(stream, document, CancellationToken.None);
        }

        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n');
        Assert.Equal(cohort.Count + 1, lines.Length);
        Assert.Equal("", lines[^1]);
        Assert.Equal(CaseJson.Serialize(cohort[7]), lines[7]);

        stream.Position = 0;
        var read = await ReadAllAsync(stream);
        Assert.All(read, c => Assert.True(c.IsValid));
        Assert.Equal(cohort.Select(CaseJson.Serialize), read.Select(c => CaseJson.Serialize(c.Document!)));
    }

    [Fact]
    public async Task Faults_name_their_line_and_json_path_and_blank_lines_and_crlf_are_tolerated()
    {
        var good = ContractExample.Json.ReplaceLineEndings(" ");
        var text = good + "\r\n\r\n"
            + good.Replace("\"painScore\": 6", "\"painScore\": 11", StringComparison.Ordinal).Replace("MAYO-0001", "MAYO-0002", StringComparison.Ordinal) + "\n"
            + "{ not json\n"
            + good + "\n";

        var read = await ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(4, read.Count);
        Assert.True(read[0].IsValid);
        var pain = Assert.Single(read[1].Faults);
        Assert.Equal(("MAYO-0002", 3L, "$.lesions[0].observations[0].painScore"), (pain.CaseId!, pain.Line!.Value, pain.JsonPath!));
        Assert.Equal(4L, Assert.Single(read[2].Faults).Line);
        var duplicate = Assert.Single(read[3].Faults);
        Assert.Equal(5L, duplicate.Line);
        Assert.Contains("earlier line", duplicate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_longer_than_a_case_document_may_be_is_refused_and_the_next_line_still_read()
    {
        var huge = "{\"caseId\":\"X\",\"pad\":\"" + new string('a', NdjsonCaseReader.MaxLineBytes + 10) + "\"}";
        var text = huge + "\n" + ContractExample.Json.ReplaceLineEndings(" ");

        var read = await ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(2, read.Count);
        Assert.Equal(1L, Assert.Single(read[0].Faults).Line);
        Assert.True(read[1].IsValid);
    }

    private static async Task<List<ImportedCase>> ReadAllAsync(Stream stream)
    {
        var cases = new List<ImportedCase>();
        await foreach (var imported in NdjsonCaseReader.ReadAsync(stream, Year))
        {
            cases.Add(imported);
        }

        return cases;
    }
}
