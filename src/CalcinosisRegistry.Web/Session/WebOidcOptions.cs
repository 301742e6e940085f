namespace CalcinosisRegistry.Web.Session;

/// <summary>
/// The <c>Registry:Web:Oidc</c> section: the web application's client at the OpenID Connect provider named by
/// <c>Registry:Security:OidcAuthority</c>. With both set, the sign-in page offers the code flow.
/// </summary>
public sealed class WebOidcOptions
{
    public const string Section = "Registry:Web:Oidc";

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Only a development provider on plain HTTP (a test's own) needs this off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
