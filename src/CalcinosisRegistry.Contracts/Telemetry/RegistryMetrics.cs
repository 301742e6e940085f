using System.Diagnostics.Metrics;

namespace CalcinosisRegistry.Contracts.Telemetry;

/// <summary>
/// The registry's own instruments, on one meter (<see cref="MeterName"/>), so every layer that measures (the HTTP
/// endpoints, the grains, the PostgreSQL group commit) records into the same place. Exporting them is the hosts'
/// business (RegistryTelemetry in the Endpoints library): OTLP when configured, Prometheus on the admin surface.
/// </summary>
public static class RegistryMetrics
{
    public const string MeterName = "CalcinosisRegistry";

    private static readonly Meter Meter = new(MeterName, "1.0");

    /// <summary>Case writes (PUT and DELETE) by <c>operation</c> and <c>outcome</c>: created, updated, withdrawn, invalid, conflict, denied, unavailable.</summary>
    public static readonly Counter<long> CaseWrites = Meter.CreateCounter<long>(
        "registry.case.writes", "{write}", "Case writes answered, by operation and outcome.");

    /// <summary>How long a case write took from the handler's start until its result (audit included), in seconds.</summary>
    public static readonly Histogram<double> CaseWriteDuration = Meter.CreateHistogram<double>(
        "registry.case.write.duration", "s", "Time to answer a case write, by operation and outcome.");

    /// <summary>How many writes one PostgreSQL round trip of a group commit carried, by <c>loop</c> (grain-state, index).</summary>
    public static readonly Histogram<int> GroupCommitBatchSize = Meter.CreateHistogram<int>(
        "registry.group_commit.batch_size", "{write}", "Writes stored by one group-commit round trip.");

    /// <summary>Case versions the publication sweeper found stored but not yet published (after its grace time).</summary>
    public static readonly Gauge<int> PublicationBacklog = Meter.CreateGauge<int>(
        "registry.publication.backlog", "{version}", "Stored case versions still waiting for publication at the last sweep.");

    /// <summary>The age of the oldest version waiting for publication at the last sweep, in seconds (0 when none waits).</summary>
    public static readonly Gauge<double> PublicationBacklogAge = Meter.CreateGauge<double>(
        "registry.publication.backlog.age", "s", "Age of the oldest stored case version still unpublished at the last sweep.");

    /// <summary>How old the statistics were when served (now minus their computedAt), in seconds, by <c>scope</c>.</summary>
    public static readonly Histogram<double> StatisticsAge = Meter.CreateHistogram<double>(
        "registry.statistics.age", "s", "Age of the statistics summary served to a reader.");

    /// <summary>Audit-trail entries, by <c>path</c> (request, with-write) and <c>outcome</c> (appended, failed).</summary>
    public static readonly Counter<long> AuditAppends = Meter.CreateCounter<long>(
        "registry.audit.appends", "{entry}", "Audit entries appended, or that failed to append.");

    /// <summary>Anchors of the audit chains' heads, by <c>outcome</c> (published, failed).</summary>
    public static readonly Counter<long> AuditAnchors = Meter.CreateCounter<long>(
        "registry.audit.anchors", "{anchor}", "Anchors of every audit chain's head published, or that failed to publish.");
}
