namespace CalcinosisRegistry.Endpoints.Auditing;

/// <summary>Endpoint metadata naming what a request does, as the audit trail records it (e.g. <c>case.read</c>).</summary>
public sealed record AuditAction(string Name);
