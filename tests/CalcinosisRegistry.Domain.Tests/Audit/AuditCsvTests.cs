using CalcinosisRegistry.Domain.Audit;

namespace CalcinosisRegistry.Domain.Tests.Audit;

public sealed class AuditCsvTests
{
    private const string Header =
        "sequence,at,actor,role,action,site_id,case_id,version_before,version_after,outcome,status,detail,previous_hash,hash\r\n";

    [Fact]
    public void An_empty_export_is_just_the_header()
    {
        Assert.Equal(Header, AuditCsv.Write([]));
    }

    [Fact]
    public void Plain_values_are_unquoted_and_nulls_are_empty_fields()
    {
        var entry = AuditChain.Append(null, new AuditEvent(
            new DateTimeOffset(2026, 3, 1, 9, 15, 2, TimeSpan.Zero), "ana", "analyst", "statistics.read",
            null, null, null, null, "allowed", 200, null));

        var csv = AuditCsv.Write([entry]);

        Assert.Equal(
            Header + $"1,2026-03-01T09:15:02.000000Z,ana,analyst,statistics.read,,,,,allowed,200,,{AuditChain.GenesisHash},{entry.Hash}\r\n",
            csv);
    }

    [Theory]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line1\nline2", "\"line1\nline2\"")]
    [InlineData("line1\r\nline2", "\"line1\r\nline2\"")]
    [InlineData(" padded ", "\" padded \"")]
    [InlineData("=1+1", "=1+1")]
    public void Fields_are_quoted_as_RFC_4180_requires(string detail, string expectedField)
    {
        var entry = AuditChain.Append(null, SampleAuditEvents.Event(2) with { Detail = detail });

        var csv = AuditCsv.Write([entry]);

        Assert.Contains($",{expectedField},{entry.PreviousHash},{entry.Hash}\r\n", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_entry_is_one_record_with_all_columns()
    {
        var chain = SampleAuditEvents.Chain(5);

        var records = ParseRfc4180(AuditCsv.Write(chain));

        Assert.Equal(6, records.Count);
        Assert.All(records, record => Assert.Equal(AuditCsv.Columns.Count, record.Count));
        Assert.Equal(chain.Select(entry => entry.Event.Detail ?? string.Empty), records.Skip(1).Select(record => record[11]));
        Assert.Equal(chain.Select(entry => entry.Hash), records.Skip(1).Select(record => record[13]));
    }

    /// <summary>A minimal independent RFC 4180 reader, so the test does not just mirror the writer.</summary>
    private static List<List<string>> ParseRfc4180(string csv)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        return records;
    }
}
