using System.Text;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;
using CalcinosisRegistry.Interchange;
using CalcinosisRegistry.Interchange.Csv;

namespace CalcinosisRegistry.Bulk.Tests.Formats;

public sealed class CsvBundleTests
{
    private const int Year = 2026;

    [Fact]
    public async Task The_demo_cohort_round_trips_through_the_bundle_unchanged()
    {
        var cohort = SyntheticCohort.Generate(400).Select(c => c.Document).ToList();

        var bundle = await InMemoryBundle.WriteAsync(cohort);
        var read = CsvBundleReader.Read(bundle, Year);

        Assert.Empty(read.BundleFaults);
        Assert.All(read.Cases, c => Assert.Empty(c.Faults));
        Assert.Equal(cohort.Select(CaseJson.Serialize), read.Cases.Select(c => CaseJson.Serialize(c.Document!)));
    }

    [Fact]
    public async Task Rows_in_another_case_order_than_cases_csv_are_joined_to_their_cases_across_thousands_of_cases()
    {
        // More cases than the reader assembles at once (it spills rows to disk by case), with every other file's rows
        // listed in the reverse case order, as a spreadsheet sorted another way would have them.
        var cohort = SyntheticCohort.Generate(2_500, seed: 77).Select(c => c.Document).ToList();
        var bundle = await InMemoryBundle.WriteAsync(cohort);
        foreach (var name in bundle.FileNames.Where(name => name != "cases.csv").ToList())
        {
            var lines = bundle.Text(name).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var reversed = lines.Skip(1).GroupBy(line => line[..line.IndexOf(',', StringComparison.Ordinal)]).Reverse().SelectMany(group => group);
            bundle.SetText(name, string.Join("\r\n", reversed.Prepend(lines[0])) + "\r\n");
        }

        using var read = CsvBundleReader.Read(bundle, Year);

        Assert.Empty(read.BundleFaults);
        Assert.Equal(cohort.Select(CaseJson.Serialize), read.Cases.Select(c => CaseJson.Serialize(c.Document!)));
    }

    [Fact]
    public async Task The_files_hold_the_rows_and_cells_a_reader_of_the_contract_expects()
    {
        var bundle = await InMemoryBundle.WriteAsync([ContractExample.Document]);

        // Written out by hand from the contract example: snake_case headers, ;-separated lists, RFC 4180 quoting, CRLF.
        Assert.Equal(
            "case_id,sex,age_at_onset_years,diagnosis_year,calcinosis_type,underlying_conditions,diagnostic_methods,last_follow_up_day\r\n" +
            "MAYO-0001,female,41,2019,dystrophic,systemic-sclerosis;overlap-syndrome,clinical;x-ray,730\r\n",
            bundle.Text("cases.csv"));
        Assert.Equal(
            "case_id,lesion_id,body_site,laterality,morphology,first_seen_day\r\n" +
            "MAYO-0001,L1,finger,left,nodule,0\r\n" +
            "MAYO-0001,L2,upper-arm,unknown,plaque,14\r\n",
            bundle.Text("lesions.csv"));
        Assert.Equal(
            "case_id,lesion_id,day,size_mm,ulcerated,infected,pain_score\r\n" +
            "MAYO-0001,L1,0,12.5,true,false,6\r\n" +
            "MAYO-0001,L1,210,8,,,\r\n",
            bundle.Text("observations.csv"));
        Assert.Equal(
            "case_id,treatment_id,class,agent,route,start_day,end_day,lesion_ids\r\n" +
            "MAYO-0001,T1,calcium-channel-blocker,\"diltiazem, 'slow' release\",oral,30,400,L1;L2\r\n" +
            "MAYO-0001,T2,surgery,,surgical,450,,L2\r\n",
            bundle.Text("treatments.csv"));
        Assert.Equal(
            "case_id,treatment_id,day,response\r\n" +
            "MAYO-0001,T1,210,partial\r\n" +
            "MAYO-0001,T1,300,complete\r\n",
            bundle.Text("assessments.csv"));
        Assert.Equal("case_id,lesion_id,day\r\nMAYO-0001,L1,500\r\n", bundle.Text("recurrences.csv"));
        Assert.Equal(
            "case_id,day,serum_calcium_mg_dl,phosphate_mg_dl,pth_pg_ml\r\nMAYO-0001,0,9.4,3.6,\r\n",
            bundle.Text("labs.csv"));
    }

    [Fact]
    public async Task A_bundle_typed_by_hand_in_another_column_order_with_a_bom_reads_as_the_same_case()
    {
        var bundle = await InMemoryBundle.WriteAsync([ContractExample.Document]);
        bundle.Files["lesions.csv"] = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(
            "morphology,case_id,lesion_id,body_site,first_seen_day\n" +
            "nodule,MAYO-0001,L1,finger,0\n" +
            "plaque,MAYO-0001,L2,upper-arm,14\n")];
        // laterality is optional: L1 loses its 'left' here, so that is the one difference expected.
        var expected = ContractExample.Document with
        {
            Lesions = [ContractExample.Document.Lesions[0] with { Laterality = Laterality.Unknown }, ContractExample.Document.Lesions[1]],
        };

        var read = CsvBundleReader.Read(bundle, Year);

        Assert.Empty(read.BundleFaults);
        Assert.Equal(CaseJson.Serialize(expected), CaseJson.Serialize(Assert.Single(read.Cases).Document!));
    }

    [Fact]
    public async Task A_validator_fault_is_traced_to_its_file_row_and_column()
    {
        var bundle = await InMemoryBundle.WriteAsync([ContractExample.Document]);
        bundle.SetText("observations.csv", bundle.Text("observations.csv").Replace("210,8,,,", "210,8,,,11", StringComparison.Ordinal));
        bundle.SetText("treatments.csv", bundle.Text("treatments.csv").Replace(",surgical,450,,L2", ",surgical,450,,L2;L9", StringComparison.Ordinal));
        bundle.SetText("cases.csv", bundle.Text("cases.csv").Replace(",female,", ",femal,", StringComparison.Ordinal));

        var imported = Assert.Single(CsvBundleReader.Read(bundle, Year).Cases);

        Assert.False(imported.IsValid);
        Assert.Null(imported.Document);
        var faults = imported.Faults.Select(f => (f.File, f.Row, f.Column, f.JsonPath)).OrderBy(f => f.File).ToList();
        Assert.Equal(
        [
            ("cases.csv", 2, "sex", "$.sex"),
            ("observations.csv", 3, "pain_score", "$.lesions[0].observations[1].painScore"),
            ("treatments.csv", 3, "lesion_ids", "$.treatments[1].lesionIds[1]"),
        ], faults);
        Assert.All(imported.Faults, f => Assert.Equal("MAYO-0001", f.CaseId));
    }

    [Fact]
    public async Task A_missing_file_an_unknown_file_and_an_unknown_column_refuse_the_bundle_naming_each()
    {
        var bundle = await InMemoryBundle.WriteAsync([ContractExample.Document]);
        bundle.Files.Remove("labs.csv");
        bundle.SetText("notes.csv", "a\r\n");

        var read = CsvBundleReader.Read(bundle, Year);

        Assert.Equal(["labs.csv", "notes.csv"], read.BundleFaults.Select(f => f.File).Order());

        bundle.Files.Remove("notes.csv");
        bundle.SetText("labs.csv", "case_id,day,calcium\r\n");
        var unknownColumn = Assert.Single(CsvBundleReader.Read(bundle, Year).BundleFaults);
        Assert.Equal(("labs.csv", 1, "calcium"), (unknownColumn.File, unknownColumn.Row, unknownColumn.Column));
        Assert.Contains("unknown column", unknownColumn.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_case_ids_rows_of_unknown_cases_and_lesions_and_bad_encoding_are_each_reported()
    {
        var bundle = await InMemoryBundle.WriteAsync([ContractExample.Document]);
        var casesText = bundle.Text("cases.csv");
        bundle.SetText("cases.csv", casesText + casesText.Split("\r\n")[1] + "\r\n");
        bundle.SetText("recurrences.csv", bundle.Text("recurrences.csv") + "NOPE-1,L1,10\r\n");
        bundle.SetText("observations.csv", bundle.Text("observations.csv") + "MAYO-0001,L7,10,,,,\r\n");
        bundle.Files["labs.csv"] = [.. Encoding.UTF8.GetBytes("case_id,day,serum_calcium_mg_dl,phosphate_mg_dl,pth_pg_ml\r\nMAYO-0001,0,9.4,3.6,"), 0xC3, 0x28, (byte)'\r', (byte)'\n'];

        var read = CsvBundleReader.Read(bundle, Year);

        Assert.Equal(
        [
            ("cases.csv", (int?)3, "case_id"),
            ("labs.csv", null, null),
            ("recurrences.csv", 3, "case_id"),
        ], read.BundleFaults.Select(f => (f.File!, f.Row, f.Column)).OrderBy(f => f.Item1).ToList());
        Assert.Contains("UTF-8", read.BundleFaults.Single(f => f.File == "labs.csv").Message, StringComparison.Ordinal);
        var unknownLesion = Assert.Single(Assert.Single(read.Cases).Faults);
        Assert.Equal(("observations.csv", 4, "lesion_id"), (unknownLesion.File!, unknownLesion.Row!.Value, unknownLesion.Column!));
    }
}
