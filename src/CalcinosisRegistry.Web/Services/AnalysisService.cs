using System.Security.Claims;
using CalcinosisRegistry.Domain.Analyses;
using CalcinosisRegistry.Endpoints.Analyses;

namespace CalcinosisRegistry.Web.Services;

/// <summary>
/// The analysis builder's runs: the body read by the API's own reader (every fault named by its JSON path, nothing
/// run), then the API's analysis service with the user's principal, so the figures follow the user's disclosure.
/// </summary>
public sealed class AnalysisService(AnalysisQueries analyses)
{
    public async Task<WebResult<AnalysisResult>> RunAsync(ClaimsPrincipal user, byte[] body) =>
        await RegistryFaults.GuardAsync(async () =>
        {
            var (request, errors) = AnalysisRequestReader.Read(body);
            if (request is null)
            {
                return WebResult<AnalysisResult>.Problem(400, "The analysis request has faults", "Correct the marked fields and run it again.", errors);
            }

            return WebResult<AnalysisResult>.Ok(await WebCaller.AsCallerAsync(user, () => analyses.AnalyzeAsync(user, request)));
        });
}
