namespace CalcinosisRegistry.Web.Session;

/// <summary>The browser session: an HttpOnly, SameSite=Strict cookie standing for one registry token.</summary>
public static class WebSession
{
    public const string Scheme = "RegistryWebSession";
    /// <summary>Not "__Host-" prefixed: browsers drop such a cookie without Secure, and the embedded default serves plain HTTP.</summary>
    public const string CookieName = "registry-session";

    /// <summary>The SHA-256 of the token's secret (never the secret), so the session can be checked again like the token.</summary>
    public const string SecretHashClaim = "registry:secret-hash";

    /// <summary>How long a check of the session's token is trusted: revocation ends a session within a second.</summary>
    public static readonly TimeSpan RecheckEvery = TimeSpan.FromMilliseconds(500);

    public const string SignInPath = "/signin";
    public const string SignOutPath = "/signout";

    /// <summary>Where to go after signing in: only a path of this application, never another host ("//evil", "/\\evil") or the sign-in page itself.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 1 } url && url[0] == '/' && url[1] is not ('/' or '\\') && !url.StartsWith(SignInPath, StringComparison.Ordinal)
            ? url
            : "/";
}
