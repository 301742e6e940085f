using CalcinosisRegistry.Domain.Access;

namespace CalcinosisRegistry.Endpoints.Security;

/// <summary>
/// The initial admin token (<c>Registry__BootstrapAdminToken</c>), so a fresh install can be provisioned by script.
/// Only its hash is kept in memory. Without one, a random token is generated and printed at start-up.
/// </summary>
public sealed class BootstrapAdminToken
{
    public const string UserId = "bootstrap-admin";
    public const string ConfigurationKey = "Registry:BootstrapAdminToken";

    private readonly string _hash;

    public BootstrapAdminToken(string token, bool generated)
    {
        _hash = ApiToken.HashSecret(token);
        Generated = generated;
        Token = generated ? token : null;
    }

    public bool Generated { get; }

    /// <summary>The generated token, to print once at start-up; null when it came from configuration.</summary>
    public string? Token { get; }

    public bool Matches(string presented) => ApiToken.HashesEqual(_hash, ApiToken.HashSecret(presented));

    public static BootstrapAdminToken FromConfiguration(string? configured) =>
        string.IsNullOrWhiteSpace(configured)
            ? new BootstrapAdminToken(ApiToken.Issue().Token, generated: true)
            : new BootstrapAdminToken(configured, generated: false);
}
