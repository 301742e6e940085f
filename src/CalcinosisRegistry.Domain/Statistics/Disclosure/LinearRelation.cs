namespace CalcinosisRegistry.Domain.Statistics.Disclosure;

/// <summary>A linear relation Σ coefficient × cell (= or ≤) 0 that holds between the true counts.</summary>
internal sealed record LinearRelation(IReadOnlyList<RelationTerm> Terms, RelationKind Kind);
