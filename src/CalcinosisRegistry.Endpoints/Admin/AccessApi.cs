using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Access;
using CalcinosisRegistry.Endpoints.Auditing;
using CalcinosisRegistry.Endpoints.Infrastructure;
using CalcinosisRegistry.Endpoints.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace CalcinosisRegistry.Endpoints.Admin;

/// <summary>Admin provisioning: sites, users and their tokens. A token's secret appears only in the response that issues it.</summary>
public static class AccessApi
{
    public const int DefaultTokenDays = 90;
    public const int MaxTokenDays = 365;

    public static RouteGroupBuilder MapAccessApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapRegistryGroup("/api/admin", "Admin: access", RegistryPolicies.Admin);
        group.MapPost("/sites", AddSiteAsync).Audited("admin.site.create").Accepts<NewSiteRequest>("application/json").WithSummary("Register a site.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/sites", async (IGrainFactory grains) => TypedResults.Ok(await Access(grains).GetSitesAsync())).Audited("admin.site.list").WithSummary("The registered sites.");
        group.MapPost("/users", CreateUserAsync).Audited("admin.user.create").Accepts<NewUserRequest>("application/json").WithSummary("Create a user: admin, analyst, or researcher bound to sites.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/users", async (IGrainFactory grains) => TypedResults.Ok(await Access(grains).GetUsersAsync())).Audited("admin.user.list").WithSummary("The users.");
        group.MapDelete("/users/{userId}", DeleteUserAsync).Audited("admin.user.delete").WithSummary("Delete a user; their tokens stop working within a second.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/users/{userId}/tokens", IssueTokenAsync).Audited("admin.token.issue").Accepts<NewTokenRequest>("application/json").WithSummary("Issue a token; the response is the only time its secret is shown. expiresInDays: 1..365, default 90.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/users/{userId}/tokens", ListTokensAsync).Audited("admin.token.list").WithSummary("A user's tokens (never their secrets).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/users/{userId}/tokens/{tokenId}", RevokeTokenAsync).Audited("admin.token.revoke").WithSummary("Revoke a token; effective within a second everywhere.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Results<Created<RegistrySite>, ProblemHttpResult>> AddSiteAsync(HttpContext http, IGrainFactory grains, IOptions<JsonOptions> json)
    {
        var (request, faults) = await StrictJsonBody.ReadAsync<NewSiteRequest>(http.Request, json.Value.SerializerOptions, http.RequestAborted);
        return request is null
            ? Problems.Validation(faults, Problems.NothingChanged)
            : Created(await Access(grains).AddSiteAsync(request.SiteId, request.Name), site => $"/api/admin/sites/{site.SiteId}");
    }

    public static async Task<Results<Created<RegistryUser>, ProblemHttpResult>> CreateUserAsync(HttpContext http, IGrainFactory grains, IOptions<JsonOptions> json)
    {
        var (request, faults) = await StrictJsonBody.ReadAsync<NewUserRequest>(http.Request, json.Value.SerializerOptions, http.RequestAborted);
        return request is null
            ? Problems.Validation(faults, Problems.NothingChanged)
            : Created(await Access(grains).CreateUserAsync(request.UserId, request.DisplayName, request.Role, request.Sites ?? [], request.OidcSubject),
                user => $"/api/admin/users/{user.UserId}");
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteUserAsync(string userId, IGrainFactory grains)
    {
        var change = await Access(grains).DeleteUserAsync(userId);
        return change.Error is null ? TypedResults.NoContent() : Refusal(change);
    }

    public static async Task<Results<Created<IssuedToken>, ProblemHttpResult>> IssueTokenAsync(
        string userId, HttpContext http, IGrainFactory grains, TimeProvider clock, IOptions<JsonOptions> json)
    {
        var (request, faults) = await StrictJsonBody.ReadAsync<NewTokenRequest>(http.Request, json.Value.SerializerOptions, http.RequestAborted);
        if (request is null)
        {
            return Problems.Validation(faults, Problems.NothingChanged);
        }

        var days = request.ExpiresInDays ?? DefaultTokenDays;
        if (days is < 1 or > MaxTokenDays)
        {
            return Problems.Validation([new Domain.Validation.ValidationError("$.expiresInDays", $"expiresInDays must be an integer between 1 and {MaxTokenDays}.")], Problems.NothingChanged);
        }

        return Created(await Access(grains).IssueTokenAsync(userId, request.Name ?? string.Empty, clock.GetUtcNow().AddDays(days)),
            token => $"/api/admin/users/{userId}/tokens/{token.Info.TokenId}");
    }

    public static async Task<Results<Ok<IReadOnlyList<TokenInfo>>, ProblemHttpResult>> ListTokensAsync(string userId, IGrainFactory grains)
    {
        var change = await Access(grains).GetTokensAsync(userId);
        return change.Error is null ? TypedResults.Ok(change.Value!) : Refusal(change);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(string userId, string tokenId, IGrainFactory grains)
    {
        var change = await Access(grains).RevokeTokenAsync(userId, tokenId);
        return change.Error is null ? TypedResults.NoContent() : Refusal(change);
    }

    private static IAccessControlGrain Access(IGrainFactory grains) => grains.GetRegistryGrain<IAccessControlGrain>(RegistryKeys.AccessControl);

    private static Results<Created<T>, ProblemHttpResult> Created<T>(AccessChange<T> change, Func<T, string> location) =>
        change.Error is null ? TypedResults.Created(location(change.Value!), change.Value) : Refusal(change);

    private static ProblemHttpResult Refusal<T>(AccessChange<T> change) => change.Error switch
    {
        AccessChangeError.NotFound => Problems.Status(StatusCodes.Status404NotFound, "Not found", change.Message!),
        AccessChangeError.AlreadyExists => Problems.Status(StatusCodes.Status409Conflict, "Already exists", change.Message!),
        _ => Problems.Status(StatusCodes.Status400BadRequest, "Invalid request", change.Message!),
    };
}
