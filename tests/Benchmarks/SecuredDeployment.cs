using System.Security.Cryptography;
using CalcinosisRegistry.Domain.Synthetic;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// Access control and audit as a user deploys them, for the PostgreSQL scenarios (<c>--access-control on</c>): the
/// silos run with security on and a fresh bootstrap admin token, the benchmark provisions the sites and a researcher
/// of those sites through the admin API, and every write carries the researcher's token. Off: the silos' environment
/// as given (<see cref="BenchmarkOptions.SiloEnvironment"/>, security off by default) and no token.
/// </summary>
public sealed class SecuredDeployment
{
    private readonly string? _bootstrapAdminToken;

    private SecuredDeployment(bool accessControl, IReadOnlyDictionary<string, string> environment, string? bootstrapAdminToken)
    {
        AccessControl = accessControl;
        Environment = environment;
        _bootstrapAdminToken = bootstrapAdminToken;
    }

    /// <summary>
    /// The sites every write goes to, on and off alike: the synthetic cohort's, as the scenarios always wrote them;
    /// provisioned for the researcher when access control is on.
    /// </summary>
    public static IReadOnlyList<string> Sites => SyntheticCohort.DefaultSites;

    public bool AccessControl { get; }

    public string Mode => AccessControl ? "on" : "off";

    public IReadOnlyDictionary<string, string> Environment { get; }

    public static SecuredDeployment For(BenchmarkOptions options, bool accessControl)
    {
        ArgumentNullException.ThrowIfNull(options);
        var environment = new Dictionary<string, string>(options.SiloEnvironment, StringComparer.Ordinal);
        if (!accessControl)
        {
            return new SecuredDeployment(false, environment, null);
        }

        // The per-token rate limit stays lifted (the options' default): the benchmark's one researcher token stands
        // for many users, each of whom would have a budget of their own.
        var token = $"bench-bootstrap-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";
        environment["Registry__Security__Enabled"] = "true";
        environment["Registry__BootstrapAdminToken"] = token;
        return new SecuredDeployment(true, environment, token);
    }

    /// <summary>The researcher's token (sites and user made through <paramref name="silo"/>), or null with access control off.</summary>
    public async Task<string?> ProvisionWriterAsync(HttpClient http, Uri silo, CancellationToken cancellationToken) =>
        _bootstrapAdminToken is null
            ? null
            : (await SecurityProvisioning.ProvisionAsync(http, silo, _bootstrapAdminToken, Sites, cancellationToken)).ResearcherToken;
}
