namespace CalcinosisRegistry.Operations.Tests.Telemetry;

/// <summary>
/// The registry's meter is process-wide, so the tests that count its measurements run alone: no other test class
/// writes cases or appends audit entries while they listen.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "registry metrics";
}
