using Microsoft.AspNetCore.Http;

namespace CalcinosisRegistry.Endpoints.Auditing;

/// <summary>A handler's result that carries what the audit trail records of it (see <see cref="AuditedResult{TResult}"/>).</summary>
public interface IAuditedResult : IResult
{
    AuditVersions Versions { get; }
}
