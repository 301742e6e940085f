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
    public const string PlaceholderPrefix = "change-me";

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

    /// <summary>
    /// Refuses a known placeholder (anything starting <c>change-me</c>, as sample configurations once shipped): a
    /// registry must never start with an admin token that is printed in its own repository.
    /// </summary>
    public static BootstrapAdminToken FromConfiguration(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return new BootstrapAdminToken(ApiToken.Issue().Token, generated: true);
        }

        if (configured.Trim().StartsWith(PlaceholderPrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"{ConfigurationKey} is a placeholder ('{PlaceholderPrefix}…'). Set a secret of your own (for example `openssl rand -hex 32`), or leave it unset to have a random token generated and printed at start-up.");
        }

        return new BootstrapAdminToken(configured, generated: false);
    }
}
