using CalcinosisRegistry.Contracts.Access;
using CalcinosisRegistry.Domain.Access;
using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Grains.Access;

/// <summary>
/// The registry's sites, users and tokens. Admin changes are written before they are acknowledged; a deleted user
/// keeps no tokens, so revocation and deletion take effect on the next token check (the HTTP tier caches a check
/// for at most a second).
/// </summary>
public sealed class AccessControlGrain(
    [PersistentState("access-control", RegistryStorage.Name)] IPersistentState<AccessControlState> state,
    TimeProvider clock) : Grain, IAccessControlGrain
{
    public async Task<AccessChange<RegistrySite>> AddSiteAsync(string siteId, string name)
    {
        if (!CaseIdentifiers.IsValidSiteId(siteId) || string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            return AccessChange<RegistrySite>.Refused(AccessChangeError.Invalid, $"A site needs an id matching {CaseIdentifiers.SiteIdPattern} and a name of 1..200 characters.");
        }

        if (state.State.Sites.ContainsKey(siteId))
        {
            return AccessChange<RegistrySite>.Refused(AccessChangeError.AlreadyExists, $"Site '{siteId}' already exists.");
        }

        var site = new RegistrySite(siteId, name.Trim(), clock.GetUtcNow());
        state.State.Sites[siteId] = site;
        await state.WriteStateAsync();
        return AccessChange<RegistrySite>.Done(site);
    }

    public Task<IReadOnlyList<RegistrySite>> GetSitesAsync() =>
        Task.FromResult<IReadOnlyList<RegistrySite>>([.. state.State.Sites.Values.OrderBy(s => s.SiteId, StringComparer.Ordinal)]);

    public async Task<AccessChange<RegistryUser>> CreateUserAsync(string userId, string displayName, RegistryRole role, IReadOnlyList<string> sites, string? oidcSubject)
    {
        var problems = new List<string>();
        if (!CaseIdentifiers.IsValidSiteId(userId))
        {
            problems.Add($"userId must match {CaseIdentifiers.SiteIdPattern}");
        }

        if (string.IsNullOrWhiteSpace(displayName) || displayName.Length > 200)
        {
            problems.Add("displayName must have 1..200 characters");
        }

        if (role == RegistryRole.Researcher && sites.Count == 0)
        {
            problems.Add("a researcher must be bound to at least one site");
        }

        if (role != RegistryRole.Researcher && sites.Count > 0)
        {
            problems.Add("only researchers are bound to sites");
        }

        problems.AddRange(sites.Where(site => !state.State.Sites.ContainsKey(site)).Select(site => $"site '{site}' does not exist"));
        if (oidcSubject is not null && state.State.Users.Values.Any(u => u.OidcSubject == oidcSubject))
        {
            problems.Add($"the OpenID Connect subject '{oidcSubject}' is already mapped to a user");
        }

        if (problems.Count > 0)
        {
            return AccessChange<RegistryUser>.Refused(AccessChangeError.Invalid, string.Join("; ", problems));
        }

        if (state.State.Users.ContainsKey(userId))
        {
            return AccessChange<RegistryUser>.Refused(AccessChangeError.AlreadyExists, $"User '{userId}' already exists.");
        }

        var user = new RegistryUser(userId, displayName.Trim(), role, [.. sites.Distinct(StringComparer.Ordinal)], oidcSubject, clock.GetUtcNow());
        state.State.Users[userId] = user;
        await state.WriteStateAsync();
        return AccessChange<RegistryUser>.Done(user);
    }

    public Task<IReadOnlyList<RegistryUser>> GetUsersAsync() =>
        Task.FromResult<IReadOnlyList<RegistryUser>>([.. state.State.Users.Values.OrderBy(u => u.UserId, StringComparer.Ordinal)]);

    public async Task<AccessChange<RegistryUser>> DeleteUserAsync(string userId)
    {
        if (!state.State.Users.Remove(userId, out var user))
        {
            return AccessChange<RegistryUser>.Refused(AccessChangeError.NotFound, $"User '{userId}' does not exist.");
        }

        foreach (var tokenId in state.State.Tokens.Values.Where(t => t.Info.UserId == userId).Select(t => t.Info.TokenId).ToList())
        {
            state.State.Tokens.Remove(tokenId);
        }

        await state.WriteStateAsync();
        return AccessChange<RegistryUser>.Done(user);
    }

    public async Task<AccessChange<IssuedToken>> IssueTokenAsync(string userId, string name, DateTimeOffset expiresAt)
    {
        if (!state.State.Users.ContainsKey(userId))
        {
            return AccessChange<IssuedToken>.Refused(AccessChangeError.NotFound, $"User '{userId}' does not exist.");
        }

        var now = clock.GetUtcNow();
        if (expiresAt <= now || string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            return AccessChange<IssuedToken>.Refused(AccessChangeError.Invalid, "A token needs a name of 1..100 characters and an expiry in the future.");
        }

        var issued = ApiToken.Issue();
        var info = new TokenInfo(issued.TokenId, userId, name.Trim(), now, expiresAt, null);
        state.State.Tokens[issued.TokenId] = new StoredToken(info, issued.SecretHash);
        await state.WriteStateAsync();
        return AccessChange<IssuedToken>.Done(new IssuedToken(info, issued.Token));
    }

    public Task<AccessChange<IReadOnlyList<TokenInfo>>> GetTokensAsync(string userId) => Task.FromResult(
        state.State.Users.ContainsKey(userId)
            ? AccessChange<IReadOnlyList<TokenInfo>>.Done([.. state.State.Tokens.Values.Where(t => t.Info.UserId == userId).Select(t => t.Info).OrderBy(t => t.CreatedAt)])
            : AccessChange<IReadOnlyList<TokenInfo>>.Refused(AccessChangeError.NotFound, $"User '{userId}' does not exist."));

    public async Task<AccessChange<TokenInfo>> RevokeTokenAsync(string userId, string tokenId)
    {
        if (!state.State.Tokens.TryGetValue(tokenId, out var token) || token.Info.UserId != userId)
        {
            return AccessChange<TokenInfo>.Refused(AccessChangeError.NotFound, $"User '{userId}' has no token '{tokenId}'.");
        }

        var revoked = token with { Info = token.Info with { RevokedAt = token.Info.RevokedAt ?? clock.GetUtcNow() } };
        state.State.Tokens[tokenId] = revoked;
        await state.WriteStateAsync();
        return AccessChange<TokenInfo>.Done(revoked.Info);
    }

    public Task<TokenCheck> CheckTokenAsync(string tokenId, string secretHash)
    {
        // The secret is compared first and in fixed time: nothing else about a token is told without it.
        if (!state.State.Tokens.TryGetValue(tokenId, out var token) || !ApiToken.HashesEqual(token.SecretHash, secretHash))
        {
            return Task.FromResult(TokenCheck.Refused(TokenFault.UnknownOrWrongSecret));
        }

        var check = token.Info.RevokedAt is not null ? TokenCheck.Refused(TokenFault.Revoked)
            : token.Info.ExpiresAt <= clock.GetUtcNow() ? TokenCheck.Refused(TokenFault.Expired)
            : state.State.Users.TryGetValue(token.Info.UserId, out var user) ? TokenCheck.Accepted(new CallerIdentity(user.UserId, user.Role, user.Sites))
            : TokenCheck.Refused(TokenFault.UserDeleted);
        return Task.FromResult(check);
    }

    public Task<CallerIdentity?> AuthenticateSubjectAsync(string subject)
    {
        var user = state.State.Users.Values.FirstOrDefault(u => u.OidcSubject == subject);
        return Task.FromResult(user is null ? null : new CallerIdentity(user.UserId, user.Role, user.Sites));
    }
}
