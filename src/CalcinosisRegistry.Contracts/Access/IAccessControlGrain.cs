using CalcinosisRegistry.Domain.Access;
using Orleans.Concurrency;

namespace CalcinosisRegistry.Contracts.Access;

/// <summary>
/// Sites, users and tokens of the registry (one grain, <see cref="RegistryKeys.AccessControl"/>). Admin changes are
/// rare; token checks are reads, interleaved, and the HTTP tier caches them for at most a second.
/// </summary>
[Alias("calcinosis.IAccessControlGrain")]
public interface IAccessControlGrain : IGrainWithStringKey
{
    [Alias("AddSite")]
    Task<AccessChange<RegistrySite>> AddSiteAsync(string siteId, string name);

    [Alias("Sites"), AlwaysInterleave]
    Task<IReadOnlyList<RegistrySite>> GetSitesAsync();

    [Alias("CreateUser")]
    Task<AccessChange<RegistryUser>> CreateUserAsync(string userId, string displayName, RegistryRole role, IReadOnlyList<string> sites, string? oidcSubject);

    [Alias("Users"), AlwaysInterleave]
    Task<IReadOnlyList<RegistryUser>> GetUsersAsync();

    /// <summary>Deletes the user; their tokens stop working at once.</summary>
    [Alias("DeleteUser")]
    Task<AccessChange<RegistryUser>> DeleteUserAsync(string userId);

    [Alias("IssueToken")]
    Task<AccessChange<IssuedToken>> IssueTokenAsync(string userId, string name, DateTimeOffset expiresAt);

    [Alias("Tokens"), AlwaysInterleave]
    Task<AccessChange<IReadOnlyList<TokenInfo>>> GetTokensAsync(string userId);

    [Alias("RevokeToken")]
    Task<AccessChange<TokenInfo>> RevokeTokenAsync(string userId, string tokenId);

    /// <summary>
    /// The caller a presented token stands for, or why it is refused: unknown id and wrong secret alike are
    /// <see cref="TokenFault.UnknownOrWrongSecret"/>; expired, revoked and deleted-user are told only for the right secret.
    /// </summary>
    [Alias("CheckToken"), AlwaysInterleave]
    Task<TokenCheck> CheckTokenAsync(string tokenId, string secretHash);

    /// <summary>The caller an OpenID Connect subject maps to, or null.</summary>
    [Alias("AuthenticateOidc"), AlwaysInterleave]
    Task<CallerIdentity?> AuthenticateSubjectAsync(string subject);
}
