using System.Security.Claims;
using CalcinosisRegistry.Endpoints.Security;
using CalcinosisRegistry.Endpoints.Statistics;
using CalcinosisRegistry.Web.Outcomes;
using Microsoft.Extensions.Options;

namespace CalcinosisRegistry.Web.Services;

/// <summary>
/// Outcomes for the analyst's page and its downloads, from the statistics API's own query service with the user's
/// principal, so a browser user gets exactly the figures (exact, rounded or suppressed) the API gives the same user.
/// </summary>
public sealed class OutcomesService(StatisticsQueries statistics, IOptions<RegistrySecurityOptions> security)
{
    public static readonly string[] Types = ["all", "dystrophic", "metastatic", "idiopathic", "iatrogenic"];

    public async Task<WebResult<TypeOutcomes>> ReadAsync(ClaimsPrincipal user, string type) =>
        await RegistryFaults.GuardAsync(async () =>
        {
            if (!StatisticsQueries.IsType(type))
            {
                return WebResult<TypeOutcomes>.Problem(404, "Unknown calcinosis type", $"'{type}' is not a calcinosis type.");
            }

            var json = await statistics.TypeJsonAsync(user, type, includeCurve: true, site: null);
            return WebResult<TypeOutcomes>.Ok(OutcomesJson.Read(json, statistics.DisclosureFor(user).Exact, security.Value.SuppressionK));
        });
}
