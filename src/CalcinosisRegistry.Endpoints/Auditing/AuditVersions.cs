namespace CalcinosisRegistry.Endpoints.Auditing;

/// <summary>
/// What a handler's answer tells the audit trail (<see cref="AuditedResult{TResult}"/>): the case versions before and
/// after the request, and whether its case write already committed the request's entry with the case state
/// (<see cref="RecordedWithWrite"/>; the audit filter then appends none).
/// </summary>
public sealed record AuditVersions(int? Before, int? After, bool RecordedWithWrite = false)
{
    /// <summary>An answer decided before any case was read or written (a refusal, a validation problem).</summary>
    public static AuditVersions None { get; } = new(null, null);
}
