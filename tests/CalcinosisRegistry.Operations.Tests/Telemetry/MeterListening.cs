using CalcinosisRegistry.Contracts.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace CalcinosisRegistry.Operations.Tests.Telemetry;

/// <summary>An OpenTelemetry meter provider with the in-memory exporter, listening to the registry's meter from now on.</summary>
internal sealed class MeterListening : IDisposable
{
    private readonly List<MetricSnapshot> _exported = [];
    private readonly MeterProvider _provider;

    public MeterListening()
    {
        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(RegistryMetrics.MeterName)
            .AddInMemoryExporter(_exported)
            .Build();
    }

    /// <summary>The metric's points as of now (cumulative since listening began); empty if nothing was recorded.</summary>
    public IReadOnlyList<MetricPoint> Points(string name)
    {
        _provider.ForceFlush();
        lock (_exported)
        {
            return _exported.LastOrDefault(m => m.Name == name)?.MetricPoints ?? [];
        }
    }

    public static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }

    public void Dispose() => _provider.Dispose();
}
