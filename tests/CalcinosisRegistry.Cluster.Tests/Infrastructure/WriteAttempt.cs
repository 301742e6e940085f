namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>
/// One PUT of the write load, whatever became of it. <paramref name="Status"/> is null when no HTTP answer came
/// (connection refused or reset, or the client's timeout: see <paramref name="Error"/>).
/// </summary>
internal sealed record WriteAttempt(
    int Writer,
    string Silo,
    string SiteId,
    string CaseId,
    bool IsRetry,
    TimeSpan StartedAt,
    TimeSpan Elapsed,
    int? Status,
    bool IsProblemDocument,
    string? Error,
    string? BodyExcerpt,
    int? Version)
{
    public bool IsAcknowledged => Status is >= 200 and < 300;

    public bool TimedOut => Status is null && Error is not null && Error.StartsWith(CaseWriteLoad.ClientTimeoutPrefix, StringComparison.Ordinal);

    public TimeSpan EndedAt => StartedAt + Elapsed;

    public override string ToString() =>
        $"writer {Writer} PUT /api/sites/{SiteId}/cases/{CaseId} via {Silo} at +{StartedAt.TotalSeconds:0.000} s"
        + $"{(IsRetry ? " (retry)" : string.Empty)}: {(Status is { } status ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer")}"
        + $" after {Elapsed.TotalMilliseconds:0} ms{(IsProblemDocument ? " (problem+json)" : string.Empty)}"
        + (Error is null ? string.Empty : $"; {Error}")
        + (BodyExcerpt is null ? string.Empty : $"; body: {BodyExcerpt}");
}
