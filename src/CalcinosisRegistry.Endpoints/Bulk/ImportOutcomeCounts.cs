namespace CalcinosisRegistry.Endpoints.Bulk;

public sealed record ImportOutcomeCounts(int Created, int Replaced, int Unchanged, int ChangedSincePreview, int Skipped, int Pending);
