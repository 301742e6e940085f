using CalcinosisRegistry.Domain.Audit;

namespace CalcinosisRegistry.Domain.Tests.Audit;

public sealed class AuditCsvTests
{
    private const string Header =
        "sequence,at,actor,role,action,site_id,case_id,version_before,version_after,outcome,status,detail,previous_hash,hash,token_id,chain,position\r\n";

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
            Header + $"1,2026-03-01T09:15:02.000000Z,ana,analyst,statistics.read,,,,,allowed,200,,{AuditChain.GenesisHash},{entry.Hash},,,0\r\n",
            csv);
    }

    [Theory]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData(" padded ", "\" padded \"")]
    public void Fields_are_quoted_as_RFC_4180_requires(string detail, string expectedField)
    {
        var entry = AuditChain.Append(null, SampleAuditEvents.Event(2) with { Detail = detail });

        var csv = AuditCsv.Write([entry]);

        Assert.Contains($",{expectedField},{entry.PreviousHash},{entry.Hash},,,0\r\n", csv, StringComparison.Ordinal);
    }

    /// <summary>OWASP's CSV-injection guidance: a field a spreadsheet would run as a formula starts with an apostrophe.</summary>
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"x\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"")]
    [InlineData("+SUM(A1)", "'+SUM(A1)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\r=1", "\\r=1")]
    [InlineData("'quoted", "''quoted")]
    [InlineData("a=b", "a=b")]
    public void Fields_that_could_start_a_formula_are_neutralised(string actor, string expectedField)
    {
        var entry = AuditChain.Append(null, SampleAuditEvents.Event(2) with { Actor = actor });

        var csv = AuditCsv.Write([entry]);

        Assert.Contains($",{expectedField},", csv.Split("\r\n")[1], StringComparison.Ordinal);
    }

    /// <summary>A quoted CRLF used to start what looked like a forged row to a line-oriented reader.</summary>
    [Theory]
    [InlineData("line1\nline2", "line1\\nline2")]
    [InlineData("x\r\n2,2026-01-01T00:00:00.000000Z,mallory,Admin,case.withdraw", "\"x\\r\\n2,2026-01-01T00:00:00.000000Z,mallory,Admin,case.withdraw\"")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("soh\u0001bell\u0007sep\u2028", "soh\\u0001bell\\u0007sep\\u2028")]
    public void Line_breaks_and_control_characters_are_escaped_so_every_entry_is_one_line(string detail, string expectedField)
    {
        var chain = new List<AuditEntry> { AuditChain.Append(null, SampleAuditEvents.Event(1) with { Detail = detail }) };
        chain.Add(AuditChain.Append(chain[0], SampleAuditEvents.Event(2)));

        var lines = AuditCsv.Write(chain).Split("\r\n");

        Assert.Equal(4, lines.Length);
        Assert.Equal("", lines[3]);
        Assert.StartsWith("1,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2,", lines[2], StringComparison.Ordinal);
        Assert.Contains($",{expectedField},", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, line => line.AsSpan().ContainsAny("\r\n\u0001\u0007\u2028"));
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

    /// <summary>Offline verification: decoding every exported field gives back the recorded values, whose hashes hold.</summary>
    [Fact]
    public void Decoded_fields_are_the_recorded_values_and_their_hashes_verify()
    {
        string[] awkward = ["=1+1", "'", "''x", "-", "@", "\t=", "a\\b\\nc", "\r\n=forged", "\u0001\u2029", "\\u0041", "plain"];
        var chain = new List<AuditEntry>();
        foreach (var text in awkward)
        {
            chain.Add(AuditChain.Append(chain.Count == 0 ? null : chain[^1], SampleAuditEvents.Event(chain.Count + 1) with { Actor = text, Detail = text }));
        }

        var records = ParseRfc4180(AuditCsv.Write(chain)).Skip(1).ToList();

        Assert.Equal(awkward.Length, records.Count);
        for (var i = 0; i < awkward.Length; i++)
        {
            Assert.Equal(awkward[i], AuditCsv.DecodeField(records[i][2]));
            Assert.Equal(awkward[i], AuditCsv.DecodeField(records[i][11]));
            var recomputed = AuditChain.ComputeHash(chain[i].Sequence, chain[i].Event with { Actor = AuditCsv.DecodeField(records[i][2]), Detail = AuditCsv.DecodeField(records[i][11]) }, records[i][12]);
            Assert.Equal(records[i][13], recomputed);
        }
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
