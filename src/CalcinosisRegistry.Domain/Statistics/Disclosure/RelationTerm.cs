namespace CalcinosisRegistry.Domain.Statistics.Disclosure;

/// <summary>One cell of a linear relation with its coefficient (always +1 or −1 here).</summary>
internal readonly record struct RelationTerm(int CellIndex, int Coefficient);
