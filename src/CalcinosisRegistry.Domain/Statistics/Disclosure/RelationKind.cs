namespace CalcinosisRegistry.Domain.Statistics.Disclosure;

/// <summary>Whether the weighted sum of a relation's cells equals zero or is at most zero.</summary>
internal enum RelationKind
{
    EqualsZero,
    AtMostZero,
}
