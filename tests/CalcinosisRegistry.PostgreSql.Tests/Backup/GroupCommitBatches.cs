using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CalcinosisRegistry.Contracts.Telemetry;

namespace CalcinosisRegistry.PostgreSql.Tests.Backup;

/// <summary>
/// Listens to the group-commit batch-size metric and sums what each loop stored (this assembly's tests run one at a
/// time). Instruments are matched by name: touching RegistryMetrics here would run inside its own type initialiser.
/// </summary>
internal sealed class GroupCommitBatches : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    public GroupCommitBatches()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RegistryMetrics.MeterName && instrument.Name == "registry.group_commit.batch_size")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, size, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "loop" && tag.Value is string loop)
                {
                    _totals.AddOrUpdate(loop, size, (_, total) => total + size);
                }
            }
        });
        _listener.Start();
    }

    public long Total(string loop) => _totals.GetValueOrDefault(loop);

    public void Dispose() => _listener.Dispose();
}
