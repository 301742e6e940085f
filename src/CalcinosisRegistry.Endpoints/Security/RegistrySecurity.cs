using System.Threading.RateLimiting;
using CalcinosisRegistry.Domain.Access;
using Microsoft.AspNetCore.Authentication;
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

    public static IServiceCollection AddRegistrySecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RegistrySecurityOptions>(configuration.GetSection(RegistrySecurityOptions.Section));
        var options = configuration.GetSection(RegistrySecurityOptions.Section).Get<RegistrySecurityOptions>() ?? new RegistrySecurityOptions();
        services.AddSingleton(BootstrapAdminToken.FromConfiguration(configuration[BootstrapAdminToken.ConfigurationKey]));
        services.AddSingleton<SiteAccess>();
        services.AddHostedService<BootstrapTokenNotice>();
        services.AddMemoryCache();
        services.AddAuthentication(RegistryClaims.Scheme)
            .AddScheme<AuthenticationSchemeOptions, RegistryTokenAuthenticationHandler>(RegistryClaims.Scheme, _ => { });
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
            limiter.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                PartitionKey(context),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.RateLimitBurst,
                    TokensPerPeriod = options.RateLimitPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limiter.OnRejected = async (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 1;
                rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, retryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await SecurityProblems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    "This token sent more requests than its rate allows; retry after the time in Retry-After.");
            };
        });
        return services;
    }

    /// <summary>One bucket per token (its id, never the secret), or per client address for anonymous requests.</summary>
    private static string PartitionKey(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header["Bearer ".Length..].Trim();
            return ApiToken.TryParse(token, out var tokenId, out _) ? $"token:{tokenId}" : $"bearer:{ApiToken.HashSecret(token)}";
        }

        return $"address:{context.Connection.RemoteIpAddress}";
    }
}
