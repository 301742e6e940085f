using System.Security.Claims;
using CalcinosisRegistry.Endpoints.Auditing;

namespace CalcinosisRegistry.Web.Services;

/// <summary>
/// Page views and actions of the web application go into the API's audit trail, with the API's statuses and outcome
/// names, and with actions named <c>web.*</c> so the trail tells browser use from API use.
/// </summary>
public sealed class WebAudit(AuditRecorder recorder)
{
    public Task RecordAsync(ClaimsPrincipal user, string action, int status, string? siteId = null, string? caseId = null,
        int? versionBefore = null, int? versionAfter = null, string? detail = null) =>
        recorder.RecordAsync(user, action, siteId, caseId, versionBefore, versionAfter, status, detail);

    public Task PageViewAsync(ClaimsPrincipal user, string path) =>
        recorder.RecordAsync(user, "web.page.view", null, null, null, null, 200, path);
}
