using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Domain.Synthetic;

public sealed record SyntheticCase(string SiteId, CaseDocument Document);
