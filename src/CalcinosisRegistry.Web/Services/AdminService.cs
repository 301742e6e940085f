using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Access;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Domain.Access;
using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Endpoints.Admin;

namespace CalcinosisRegistry.Web.Services;

/// <summary>
/// The admin console's actions, each the same grain call as its admin API route and audited under the same name
/// with a <c>web.</c> prefix. Only admins reach these pages (the pages require the role).
/// </summary>
public sealed class AdminService(WebCaller caller, IGrainFactory grains, IAuditLog log, WebAudit audit, TimeProvider clock)
{
    public const int DefaultTokenDays = AccessApi.DefaultTokenDays;

    public Task<WebResult<ClusterResponse>> ClusterAsync() =>
        AuditedAsync("web.admin.cluster.read", async () => WebResult<ClusterResponse>.Ok((await AdminApi.GetClusterAsync(grains)).Value!));

    public Task<WebResult<RebuildReport>> RebuildAsync() =>
        AuditedAsync("web.admin.statistics.rebuild", async () => WebResult<RebuildReport>.Ok((await AdminApi.RebuildStatisticsAsync(grains)).Value!));

    public Task<WebResult<IReadOnlyList<RegistrySite>>> SitesAsync() =>
        AuditedAsync("web.admin.site.list", async () => WebResult<IReadOnlyList<RegistrySite>>.Ok(await Access().GetSitesAsync()));

    public Task<WebResult<IReadOnlyList<RegistryUser>>> UsersAsync() =>
        AuditedAsync("web.admin.user.list", async () => WebResult<IReadOnlyList<RegistryUser>>.Ok(await Access().GetUsersAsync()));

    public Task<WebResult<RegistrySite>> AddSiteAsync(string siteId, string name) =>
        AuditedAsync("web.admin.site.create", async () => Change(await Access().AddSiteAsync(siteId.Trim(), name.Trim()), 201));

    public Task<WebResult<RegistryUser>> CreateUserAsync(string userId, string displayName, RegistryRole role, IReadOnlyList<string> sites) =>
        AuditedAsync("web.admin.user.create", async () => Change(await Access().CreateUserAsync(userId.Trim(), displayName.Trim(), role, sites, null), 201));

    public Task<WebResult<RegistryUser>> DeleteUserAsync(string userId) =>
        AuditedAsync("web.admin.user.delete", async () => Change(await Access().DeleteUserAsync(userId), 204));

    public Task<WebResult<IReadOnlyList<TokenInfo>>> TokensAsync(string userId) =>
        AuditedAsync("web.admin.token.list", async () => Change(await Access().GetTokensAsync(userId), 200));

    public Task<WebResult<IssuedToken>> IssueTokenAsync(string userId, string name, int days)
    {
        if (days is < 1 or > AccessApi.MaxTokenDays)
        {
            return AuditedAsync("web.admin.token.issue", () => Task.FromResult(WebResult<IssuedToken>.Problem(400, "Invalid request",
                $"A token lasts between 1 and {AccessApi.MaxTokenDays} days.", [new("expiresInDays", $"Between 1 and {AccessApi.MaxTokenDays} days.")])));
        }

        return AuditedAsync("web.admin.token.issue", async () => Change(await Access().IssueTokenAsync(userId, name.Trim(), clock.GetUtcNow().AddDays(days)), 201));
    }

    public Task<WebResult<TokenInfo>> RevokeTokenAsync(string userId, string tokenId) =>
        AuditedAsync("web.admin.token.revoke", async () => Change(await Access().RevokeTokenAsync(userId, tokenId), 204));

    public Task<WebResult<AuditPage>> AuditAsync(AuditQuery query) =>
        AuditedAsync("web.admin.audit.read", async () => WebResult<AuditPage>.Ok(await log.QueryAsync(query, CancellationToken.None)));

    public Task<WebResult<AuditVerification>> VerifyAuditAsync() =>
        AuditedAsync("web.admin.audit.verify", async () => WebResult<AuditVerification>.Ok(await log.VerifyAsync(CancellationToken.None)));

    private IAccessControlGrain Access() => grains.GetRegistryGrain<IAccessControlGrain>(RegistryKeys.AccessControl);

    private static WebResult<T> Change<T>(AccessChange<T> change, int status) => change.Error switch
    {
        null => WebResult<T>.Ok(change.Value!, status),
        AccessChangeError.NotFound => WebResult<T>.Problem(404, "Not found", change.Message!),
        AccessChangeError.AlreadyExists => WebResult<T>.Problem(409, "Already exists", change.Message!),
        _ => WebResult<T>.Problem(400, "Invalid request", change.Message!),
    };

    /// <summary>Runs an admin action and records it; an action the audit trail cannot record is not shown as done.</summary>
    private async Task<WebResult<T>> AuditedAsync<T>(string action, Func<Task<WebResult<T>>> run)
    {
        var user = await caller.UserAsync();
        if (!user.IsInRole(nameof(RegistryRole.Admin)))
        {
            var refused = WebResult<T>.Problem(403, "Forbidden", "Your role does not allow this.");
            await audit.RecordAsync(user, action, refused.Status);
            return refused;
        }

        var result = await RegistryFaults.GuardAsync(run);
        return await RegistryFaults.GuardAsync(async () =>
        {
            await audit.RecordAsync(user, action, result.Status);
            return result;
        });
    }
}
