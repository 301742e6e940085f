using CalcinosisRegistry.Contracts.Bulk;

namespace CalcinosisRegistry.Endpoints.Bulk;

/// <summary>One case of an import as listed: what the preview found (and which fields changed), and what the commit did.</summary>
public sealed record ImportCaseView(
    string CaseId, ImportPreview Preview, IReadOnlyList<string> ChangedFields, int BaseVersion, ImportOutcome Outcome, int? VersionAfter);
