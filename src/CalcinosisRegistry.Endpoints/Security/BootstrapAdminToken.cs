using System.Globalization;
using CalcinosisRegistry.Domain.Access;
using Microsoft.Extensions.Configuration;

namespace CalcinosisRegistry.Endpoints.Security;

/// <summary>
/// The initial admin token (<c>Registry__BootstrapAdminToken</c>), so a fresh install can be provisioned by script.
/// Only its hash is kept in memory. It can expire (<c>Registry__BootstrapAdminTokenExpiresAt</c>) and retire itself
/// once a registry user with the admin role exists (<c>Registry__BootstrapAdminTokenRetiresWhenAdminExists</c>).
/// Unset, the embedded default generates one for the process and prints it; a durable registry
/// (<c>ConnectionStrings__Registry</c> set) then has none at all.
/// </summary>
public sealed class BootstrapAdminToken
{
    public const string UserId = "bootstrap-admin";
    public const string ConfigurationKey = "Registry:BootstrapAdminToken";
    public const string ExpiresAtKey = "Registry:BootstrapAdminTokenExpiresAt";
    public const string RetiresWhenAdminExistsKey = "Registry:BootstrapAdminTokenRetiresWhenAdminExists";
    public const string PlaceholderPrefix = "change-me";

    private readonly string? _hash;

    private BootstrapAdminToken(string? token, bool generated, DateTimeOffset? expiresAt, bool retiresWhenAdminExists)
    {
        _hash = token is null ? null : ApiToken.HashSecret(token);
        Generated = generated;
        Token = generated ? token : null;
        ExpiresAt = expiresAt;
        RetiresWhenAdminExists = retiresWhenAdminExists;
    }

    /// <summary>False when there is no bootstrap token (durable mode without one configured).</summary>
    public bool Exists => _hash is not null;

    public bool Generated { get; }

    /// <summary>The generated token, to print once at start-up; null when it came from configuration.</summary>
    public string? Token { get; }

    /// <summary>After this instant the token is refused; null for no expiry.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>When true, the token is refused as soon as a registry user with the admin role exists.</summary>
    public bool RetiresWhenAdminExists { get; }

    public bool Matches(string presented) => _hash is not null && ApiToken.HashesEqual(_hash, ApiToken.HashSecret(presented));

    public bool HasExpired(DateTimeOffset now) => ExpiresAt is { } expiry && now >= expiry;

    /// <summary>A configured token, or a generated one when none is configured and the registry is not durable.</summary>
    public static BootstrapAdminToken FromConfiguration(IConfiguration configuration)
    {
        var configured = configuration[ConfigurationKey];
        var expiresAt = configuration[ExpiresAtKey] is { Length: > 0 } expiry
            ? DateTimeOffset.Parse(expiry, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : (DateTimeOffset?)null;
        var retires = configuration.GetValue<bool>(RetiresWhenAdminExistsKey);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            RefusePlaceholder(configured);
            return new BootstrapAdminToken(configured, generated: false, expiresAt, retires);
        }

        var durable = !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Registry"));
        return durable
            ? new BootstrapAdminToken(null, generated: false, expiresAt, retires)
            : new BootstrapAdminToken(ApiToken.Issue().Token, generated: true, expiresAt, retires);
    }

    /// <summary>
    /// Refuses a known placeholder (anything starting <c>change-me</c>, as sample configurations once shipped): a
    /// registry must never start with an admin token that is printed in its own repository.
    /// </summary>
    private static void RefusePlaceholder(string configured)
    {
        if (configured.Trim().StartsWith(PlaceholderPrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"{ConfigurationKey} is a placeholder ('{PlaceholderPrefix}…'). Set a secret of your own (for example `openssl rand -hex 32`), or leave it unset (embedded: a random token is generated and printed at start-up; durable: no bootstrap token).");
        }
    }
}
