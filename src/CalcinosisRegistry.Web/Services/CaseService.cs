using System.Text;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Access;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Validation;
using CalcinosisRegistry.Endpoints.Auditing;
using CalcinosisRegistry.Endpoints.Security;

namespace CalcinosisRegistry.Web.Services;

/// <summary>
/// A researcher's cases, as the cases API serves them: the same site check (reading another site answers 404 as if
/// the case did not exist, writing 403), the caller carried into the grain call, the Domain validator, ETags, and
/// one audit entry per action (a stored write's entry commits with the case state).
/// </summary>
public sealed class CaseService(WebCaller caller, IGrainFactory grains, SiteAccess access, WebAudit audit, TimeProvider clock)
{
    public const int PageSize = 25;
    private const int ScanLimit = 500;
    private const int MaxScannedPages = 20;

    /// <summary>The sites whose cases the signed-in researcher works on, with their names.</summary>
    public async Task<IReadOnlyList<RegistrySite>> MySitesAsync()
    {
        var me = await caller.CallerAsync();
        if (me is null || me.Sites.Count == 0)
        {
            return [];
        }

        var known = await grains.GetRegistryGrain<IAccessControlGrain>(RegistryKeys.AccessControl).GetSitesAsync();
        return [.. me.Sites.Select(site => known.FirstOrDefault(k => k.SiteId == site) ?? new RegistrySite(site, site, DateTimeOffset.MinValue))];
    }

    /// <summary>
    /// The site's live cases in case-id order, from <paramref name="after"/>, whose id starts with
    /// <paramref name="idPrefix"/> and whose type is <paramref name="type"/> (each when given).
    /// </summary>
    public async Task<WebResult<CaseListPage>> ListAsync(string siteId, string? idPrefix, string? type, string? after)
    {
        var user = await caller.UserAsync();
        var result = await RegistryFaults.GuardAsync(async () =>
        {
            if (!CaseIdentifiers.IsValidSiteId(siteId) || access.Check(user, siteId, write: false) is not null)
            {
                return WebResult<CaseListPage>.Problem(404, "Not found", "No such case or site.");
            }

            var site = grains.GetRegistryGrain<ISiteGrain>(RegistryKeys.Site(siteId));
            idPrefix = string.IsNullOrWhiteSpace(idPrefix) ? null : idPrefix.Trim();
            var cursor = after ?? (idPrefix is null ? null : JustBefore(idPrefix));
            var items = new List<SiteCaseEntry>();
            var total = 0;
            string? next = null;
            for (var scanned = 0; scanned < MaxScannedPages; scanned++)
            {
                var page = await WebCaller.AsCallerAsync(user, () => site.ListAsync(cursor, ScanLimit));
                total = page.Total;
                var pastPrefix = false;
                foreach (var entry in page.Items)
                {
                    cursor = entry.CaseId;
                    if (idPrefix is not null && !entry.CaseId.StartsWith(idPrefix, StringComparison.Ordinal))
                    {
                        pastPrefix = string.CompareOrdinal(entry.CaseId, idPrefix) > 0;
                        if (pastPrefix)
                        {
                            break;
                        }

                        continue;
                    }

                    if (type is null || entry.CalcinosisType == type)
                    {
                        items.Add(entry);
                        if (items.Count == PageSize)
                        {
                            break;
                        }
                    }
                }

                if (pastPrefix || page.NextAfter is null && items.Count < PageSize)
                {
                    break;
                }

                // A full page, or a scan that stopped partway (the next page starts where it stopped).
                next = cursor;
                if (items.Count == PageSize)
                {
                    break;
                }
            }

            return WebResult<CaseListPage>.Ok(new CaseListPage(total, items, next));
        });
        await audit.RecordAsync(user, "web.case.list", result.Status, siteId);
        return result;
    }

    public async Task<WebResult<CaseSnapshot>> GetAsync(string siteId, string caseId)
    {
        var user = await caller.UserAsync();
        var result = await RegistryFaults.GuardAsync(async () =>
        {
            if (!CaseIdentifiers.IsValidSiteId(siteId) || !CaseIdentifiers.IsValidCaseId(caseId) || access.Check(user, siteId, write: false) is not null)
            {
                return WebResult<CaseSnapshot>.Problem(404, "Not found", "No such case or site.");
            }

            var snapshot = await WebCaller.AsCallerAsync(user, () => Case(siteId, caseId).GetAsync());
            return snapshot is null
                ? WebResult<CaseSnapshot>.Problem(404, "Case not found", $"Site '{siteId}' has no case '{caseId}'.")
                : WebResult<CaseSnapshot>.Ok(snapshot);
        });
        await audit.RecordAsync(user, "web.case.read", result.Status, siteId, caseId, result.Value?.Version, result.Value?.Version);
        return result;
    }

    /// <summary>Validates a document exactly as the API does (the same validator, the same route check).</summary>
    public CaseValidationResult Validate(string caseId, string json)
    {
        var validation = CaseDocumentValidator.Validate(Encoding.UTF8.GetBytes(json), clock.GetUtcNow().Year);
        if (validation.Document is { } document && !string.Equals(document.CaseId, caseId, StringComparison.Ordinal))
        {
            return new CaseValidationResult(null,
                [new ValidationError("$.caseId", $"The document's caseId '{document.CaseId}' differs from the case being edited, '{caseId}'.")], []);
        }

        return validation;
    }

    /// <summary>Creates (no <paramref name="ifMatch"/>) or replaces a case; 412 when the ETag is no longer current.</summary>
    public async Task<WebResult<CaseWriteResult>> SaveAsync(string siteId, string caseId, string json, string? ifMatch)
    {
        var user = await caller.UserAsync();
        var recorded = false;
        var result = await RegistryFaults.GuardAsync(async () =>
        {
            if (!CaseIdentifiers.IsValidSiteId(siteId) || access.Check(user, siteId, write: true) is not null)
            {
                return WebResult<CaseWriteResult>.Problem(403, "Forbidden", $"You may not change the cases of site '{siteId}'.");
            }

            if (!CaseIdentifiers.IsValidCaseId(caseId))
            {
                return WebResult<CaseWriteResult>.Problem(400, "Invalid case id", $"The case id must match {CaseIdentifiers.CaseIdPattern}.",
                    [new ValidationError("$.caseId", $"The case id must match {CaseIdentifiers.CaseIdPattern}.")]);
            }

            var validation = Validate(caseId, json);
            if (!validation.IsValid)
            {
                return WebResult<CaseWriteResult>.Problem(400, "The case is not valid", "Correct the fields marked below.", validation.Errors);
            }

            var write = await WebCaller.AsCallerAsync(user, () => Case(siteId, caseId).PutAsync(
                validation.Document!, validation.Warnings, ifMatch, AuditRecorder.CaseWriteStamp(user, "web.case.put")));
            recorded = write.Audited;
            return write.Outcome switch
            {
                CaseWriteOutcome.Created => WebResult<CaseWriteResult>.Ok(write, 201),
                CaseWriteOutcome.Replaced or CaseWriteOutcome.Unchanged => WebResult<CaseWriteResult>.Ok(write),
                CaseWriteOutcome.PreconditionRequired => new WebResult<CaseWriteResult>(428, write, "The case already exists",
                    "Someone created this case meanwhile: review it and save again."),
                _ => new WebResult<CaseWriteResult>(412, write, "The case has changed",
                    "Someone else saved this case after you opened it."),
            };
        });
        if (!recorded)
        {
            await audit.RecordAsync(user, "web.case.put", result.Status, siteId, caseId, result.Value?.VersionBefore, result.Value?.VersionAfter);
        }

        return result;
    }

    public async Task<WebResult<CaseWriteResult>> WithdrawAsync(string siteId, string caseId, string ifMatch)
    {
        var user = await caller.UserAsync();
        var recorded = false;
        var result = await RegistryFaults.GuardAsync(async () =>
        {
            if (!CaseIdentifiers.IsValidSiteId(siteId) || !CaseIdentifiers.IsValidCaseId(caseId) || access.Check(user, siteId, write: true) is not null)
            {
                return WebResult<CaseWriteResult>.Problem(403, "Forbidden", $"You may not change the cases of site '{siteId}'.");
            }

            var write = await WebCaller.AsCallerAsync(user, () => Case(siteId, caseId).WithdrawAsync(ifMatch, AuditRecorder.CaseWriteStamp(user, "web.case.withdraw")));
            recorded = write.Audited;
            return write.Outcome switch
            {
                CaseWriteOutcome.Withdrawn => WebResult<CaseWriteResult>.Ok(write, 204),
                CaseWriteOutcome.NotFound => WebResult<CaseWriteResult>.Problem(404, "Case not found", $"Site '{siteId}' has no case '{caseId}'."),
                _ => new WebResult<CaseWriteResult>(412, write, "The case has changed", "Someone else saved this case after you opened it; reload it first."),
            };
        });
        if (!recorded)
        {
            await audit.RecordAsync(user, "web.case.withdraw", result.Status, siteId, caseId, result.Value?.VersionBefore, result.Value?.VersionAfter);
        }

        return result;
    }

    private ICaseGrain Case(string siteId, string caseId) => grains.GetRegistryGrain<ICaseGrain>(RegistryKeys.Case(siteId, caseId));

    /// <summary>A cursor just below every id that starts with <paramref name="prefix"/> (ids are listed in ordinal order).</summary>
    internal static string JustBefore(string prefix) =>
        prefix[^1] == char.MinValue ? prefix[..^1] : prefix[..^1] + (char)(prefix[^1] - 1) + new string(char.MaxValue, 2);
}
