namespace CalcinosisRegistry.Endpoints.Security;

/// <summary>The <c>Registry:Security</c> section (environment: <c>Registry__Security__...</c>).</summary>
public sealed class RegistrySecurityOptions
{
    public const string Section = "Registry:Security";

    /// <summary>
    /// Access control, site isolation and statistics suppression. On unless explicitly switched off; switching it
    /// off is only for measuring its cost and for tests of other behaviour, never for real data.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Suppression threshold: counts 1..K−1 are hidden from non-admin callers.</summary>
    public int SuppressionK { get; set; } = 5;

    /// <summary>Requests per second allowed per authenticated token (or OpenID Connect user), with bursts up to <see cref="RateLimitBurst"/>.</summary>
    public int RateLimitPerSecond { get; set; } = 200;

    public int RateLimitBurst { get; set; } = 400;

    /// <summary>
    /// Requests per second allowed per client address for everything that is not authenticated (no credentials, a
    /// wrong or expired token), with bursts up to <see cref="AnonymousRateLimitBurst"/>; separate from the per-token budget.
    /// </summary>
    public int AnonymousRateLimitPerSecond { get; set; } = 10;

    public int AnonymousRateLimitBurst { get; set; } = 20;

    /// <summary>
    /// 401s and 429s from one source (a client address, or a token) within this many seconds: the first
    /// <see cref="RefusalsRecordedPerInterval"/> are recorded one by one, the rest as one entry with their count, so a
    /// flood cannot grow the audit trail without bound.
    /// </summary>
    public int RefusalAggregationSeconds { get; set; } = 10;

    public int RefusalsRecordedPerInterval { get; set; } = 20;

    /// <summary>OpenID Connect: when both are set, JWTs from this authority for this audience are accepted too.</summary>
    public string? OidcAuthority { get; set; }

    public string? OidcAudience { get; set; }
}
