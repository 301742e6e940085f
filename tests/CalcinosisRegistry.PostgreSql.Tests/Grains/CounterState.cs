namespace CalcinosisRegistry.PostgreSql.Tests.Grains;

/// <summary>Grain state serialized by the Orleans binary serializer, as configured by UseRegistryPostgreSql.</summary>
[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }

    [Id(1)]
    public string Note { get; set; } = string.Empty;
}
