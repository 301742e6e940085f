using System.Threading.RateLimiting;
using CalcinosisRegistry.Domain.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CalcinosisRegistry.Endpoints.Security;

/// <summary>Authentication, authorisation policies and rate limiting of the HTTP API, in one place.</summary>
public static class RegistrySecurity
{
    public const string RateLimitPolicy = "registry.per-token";
    private const string DefaultScheme = "RegistryOrOidc";

    public static IServiceCollection AddRegistrySecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RegistrySecurityOptions>(configuration.GetSection(RegistrySecurityOptions.Section));
        var options = configuration.GetSection(RegistrySecurityOptions.Section).Get<RegistrySecurityOptions>() ?? new RegistrySecurityOptions();
        services.AddSingleton(BootstrapAdminToken.FromConfiguration(configuration));
        services.AddSingleton<BootstrapAdminGate>();
        services.AddSingleton<SiteAccess>();
        services.AddHostedService<BootstrapTokenNotice>();
        services.AddMemoryCache();
        var authentication = services.AddAuthentication(RegistryClaims.Scheme)
            .AddScheme<AuthenticationSchemeOptions, RegistryTokenAuthenticationHandler>(RegistryClaims.Scheme, _ => { });
        if (!string.IsNullOrWhiteSpace(options.OidcAuthority) && !string.IsNullOrWhiteSpace(options.OidcAudience))
        {
            authentication.AddJwtBearer(OidcSubjectMapping.Scheme, jwt =>
            {
                jwt.Authority = options.OidcAuthority;
                jwt.Audience = options.OidcAudience;
                jwt.MapInboundClaims = false;
                jwt.Events = new JwtBearerEvents
                {
                    OnTokenValidated = OidcSubjectMapping.MapToRegistryUserAsync,
                    // The same audited problem documents as for registry tokens.
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        await SecurityProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Authentication required",
                            "The OpenID Connect token is invalid, expired, for another audience, or its subject is not a registry user.");
                    },
                    OnForbidden = context => SecurityProblems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden",
                        "Your role does not allow this request."),
                };
            });

            // Registry tokens and JWTs share the Authorization header: a JWT (three dot-separated parts) goes to the
            // OpenID Connect scheme, everything else to the registry's own.
            authentication.AddPolicyScheme(DefaultScheme, DefaultScheme, policy => policy.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString() is var header
                && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                && header["Bearer ".Length..].Trim().Count(c => c == '.') == 2
                    ? OidcSubjectMapping.Scheme
                    : RegistryClaims.Scheme);
            services.Configure<AuthenticationOptions>(o => o.DefaultScheme = DefaultScheme);
        }
        services.AddAuthorization(authorization =>
        {
            if (options.Enabled)
            {
                authorization.AddPolicy(RegistryPolicies.Admin, p => p.RequireRole(nameof(RegistryRole.Admin)));
                authorization.AddPolicy(RegistryPolicies.Researcher, p => p.RequireRole(nameof(RegistryRole.Researcher)));
                authorization.AddPolicy(RegistryPolicies.StatisticsReader, p => p.RequireRole(Enum.GetNames<RegistryRole>()));
            }
            else
            {
                // Switched off (tests of other behaviour, cost measurements): every policy admits every request.
                foreach (var policy in new[] { RegistryPolicies.Admin, RegistryPolicies.Researcher, RegistryPolicies.StatisticsReader })
                {
                    authorization.AddPolicy(policy, p => p.RequireAssertion(_ => true));
                }
            }
        });
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(RateLimitPolicy, context => Partition(context, options));
            limiter.OnRejected = async (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 1;
                rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, retryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await SecurityProblems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    IsAuthenticated(rejected.HttpContext)
                        ? "This token sent more requests than its rate allows; retry after the time in Retry-After."
                        : "This address sent more requests without valid credentials than allowed; retry after the time in Retry-After.");
            };
        });
        return services;
    }

    /// <summary>
    /// Finding 14.3: a caller who authenticated gets a bucket of their own (per token, or per user for OpenID Connect),
    /// with the per-token budget. Everything else (no credentials, a wrong secret, an expired token) shares one bucket
    /// per client address with a smaller budget, so a flood of guesses is slowed, and a guess with someone's token id
    /// never spends that person's budget. The partition is chosen after authentication, never from the header alone.
    /// </summary>
    private static RateLimitPartition<string> Partition(HttpContext context, RegistrySecurityOptions options)
    {
        if (IsAuthenticated(context))
        {
            var caller = context.User.FindFirst(RegistryClaims.TokenId)?.Value is { } tokenId
                ? $"token:{tokenId}"
                : $"user:{context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value}";
            return Bucket(caller, options.RateLimitPerSecond, options.RateLimitBurst);
        }

        var address = $"address:{context.Connection.RemoteIpAddress}";
        // Switched off, nobody authenticates: every caller is "anonymous" and keeps the per-token budget.
        return options.Enabled
            ? Bucket(address, options.AnonymousRateLimitPerSecond, options.AnonymousRateLimitBurst)
            : Bucket(address, options.RateLimitPerSecond, options.RateLimitBurst);
    }

    private static RateLimitPartition<string> Bucket(string key, int perSecond, int burst) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = Math.Max(1, perSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static bool IsAuthenticated(HttpContext context) => context.User.Identity?.IsAuthenticated == true;
}
