namespace CalcinosisRegistry.Endpoints.Bulk;

public sealed record ImportPreviewCounts(int New, int Changed, int Unchanged, int Refused);
