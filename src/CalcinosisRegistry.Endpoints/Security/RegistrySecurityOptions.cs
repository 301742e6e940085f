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

    /// <summary>Requests per second allowed per token (or per address when anonymous), with bursts up to <see cref="RateLimitBurst"/>.</summary>
    public int RateLimitPerSecond { get; set; } = 200;

    public int RateLimitBurst { get; set; } = 400;

    /// <summary>OpenID Connect: when both are set, JWTs from this authority for this audience are accepted too.</summary>
    public string? OidcAuthority { get; set; }

    public string? OidcAudience { get; set; }
}
