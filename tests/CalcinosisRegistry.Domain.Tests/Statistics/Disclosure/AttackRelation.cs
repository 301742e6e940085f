namespace CalcinosisRegistry.Domain.Tests.Statistics.Disclosure;

/// <summary>Σ coefficient × variable (= or ≤) 0 between the true counts, as the attacker knows it.</summary>
internal sealed record AttackRelation(IReadOnlyList<(string Variable, int Coefficient)> Terms, bool IsEquality);
