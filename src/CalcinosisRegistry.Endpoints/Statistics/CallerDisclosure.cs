using System.Security.Claims;
using CalcinosisRegistry.Domain.Access;
using CalcinosisRegistry.Endpoints.Security;

namespace CalcinosisRegistry.Endpoints.Statistics;

/// <summary>
/// Which figures a caller gets: exact for admins (and when access control is off), otherwise rounded to
/// <see cref="RoundTo"/> or, under <c>suppress</c>, suppressed below <see cref="K"/>.
/// </summary>
public sealed record CallerDisclosure(bool Exact, int? RoundTo, int? K)
{
    public static CallerDisclosure Of(ClaimsPrincipal user, RegistrySecurityOptions security, RegistryDisclosureOptions disclosure)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(security);
        ArgumentNullException.ThrowIfNull(disclosure);
        if (!security.Enabled || user.IsInRole(nameof(RegistryRole.Admin)))
        {
            return new CallerDisclosure(true, null, null);
        }

        return disclosure.Method == DisclosureMethod.Suppress
            ? new CallerDisclosure(false, null, Math.Max(1, security.SuppressionK))
            : new CallerDisclosure(false, Math.Max(1, disclosure.RoundTo), null);
    }

    /// <summary>
    /// Analyses of arbitrary cohorts are always rounded for non-admins: suppression cannot be made safe against
    /// differences between two freely chosen cohorts, so under <c>suppress</c> they use the default rounding base.
    /// </summary>
    public int AnalysisRoundTo(RegistryDisclosureOptions disclosure)
    {
        ArgumentNullException.ThrowIfNull(disclosure);
        return RoundTo ?? Math.Max(1, disclosure.RoundTo);
    }
}
