using CalcinosisRegistry.Contracts.Bulk;

namespace CalcinosisRegistry.Endpoints.Bulk;

/// <summary>What staging has stored so far: the preview counts, the number of cases and the number of faults.</summary>
internal sealed record ImportStagingTally(ImportCounts Preview, int Total, int Faults)
{
    public ImportStagingTally Add(IReadOnlyCollection<ImportCase> cases, int faults)
    {
        int Count(ImportPreview preview) => cases.Count(c => c.Preview == preview);
        return new ImportStagingTally(
            Preview with
            {
                New = Preview.New + Count(ImportPreview.New),
                Changed = Preview.Changed + Count(ImportPreview.Changed),
                Unchanged = Preview.Unchanged + Count(ImportPreview.Unchanged),
                Refused = Preview.Refused + Count(ImportPreview.Refused),
            },
            Total + cases.Count,
            Faults + faults);
    }
}
