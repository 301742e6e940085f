using System.Security.Claims;
using CalcinosisRegistry.Domain.Access;
using CalcinosisRegistry.Endpoints.Security;
using CalcinosisRegistry.Endpoints.Statistics;
using CalcinosisRegistry.Web.Outcomes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CalcinosisRegistry.Web.Services;

/// <summary>
/// Outcomes for the analyst's page and its downloads, read through the statistics API's own handler, so a browser
/// user gets exactly the figures (exact, rounded or suppressed) the API would give the same user.
/// </summary>
public sealed class OutcomesService(IGrainFactory grains, IOptions<RegistrySecurityOptions> security, IOptions<RegistryDisclosureOptions> disclosure, IServiceProvider services)
{
    public static readonly string[] Types = ["all", "dystrophic", "metastatic", "idiopathic", "iatrogenic"];

    public async Task<WebResult<TypeOutcomes>> ReadAsync(ClaimsPrincipal user, string type) =>
        await RegistryFaults.GuardAsync(async () =>
        {
            var request = new DefaultHttpContext { User = user, RequestServices = services };
            var answer = await StatisticsApi.GetTypeAsync(type, request, grains, security, disclosure, curve: "true");
            if (answer.Result is not ContentHttpResult content || content.ResponseContent is null)
            {
                return WebResult<TypeOutcomes>.Problem(404, "Unknown calcinosis type", $"'{type}' is not a calcinosis type.");
            }

            var exact = !security.Value.Enabled || user.IsInRole(nameof(RegistryRole.Admin));
            return WebResult<TypeOutcomes>.Ok(OutcomesJson.Read(content.ResponseContent, exact, security.Value.SuppressionK));
        });
}
