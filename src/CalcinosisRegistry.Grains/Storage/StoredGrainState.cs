namespace CalcinosisRegistry.Grains.Storage;

/// <summary>One row of <see cref="InMemoryGrainStateTable"/>: the serialised state (null once cleared) and its version.</summary>
public sealed record StoredGrainState(long Version, BinaryData? Payload);
