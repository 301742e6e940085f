namespace CalcinosisRegistry.Grains.Cases;

[GenerateSerializer, Alias("calcinosis.PublicationOutboxState")]
public sealed class PublicationOutboxState
{
    /// <summary>Case key → the highest version announced and not yet known to be published.</summary>
    [Id(0)] public Dictionary<string, int> Pending { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public bool ReminderRegistered { get; set; }
}
