namespace CalcinosisRegistry.Grains.Storage;

/// <summary>The two places every stored case version must reach.</summary>
public enum PublicationReceiver
{
    Site,
    Shard,
}
