using System.Security.Claims;
using System.Security.Cryptography;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Domain.Analyses;
using CalcinosisRegistry.Endpoints.Security;
using CalcinosisRegistry.Endpoints.Statistics;
using Microsoft.Extensions.Options;

namespace CalcinosisRegistry.Endpoints.Analyses;

/// <summary>
/// Runs a cohort analysis for a caller: one call to the analysis grain, then the answer exact for admins and
/// rounded for everyone else. The HTTP API and the web application's analysis builder both ask here with the
/// caller's principal, so both give the same user the same figures.
/// </summary>
public sealed class AnalysisQueries(IGrainFactory grains, IOptions<RegistrySecurityOptions> security, IOptions<RegistryDisclosureOptions> disclosure)
{
    /// <summary>What the audit entry of an analysis carries: the SHA-256 of the request body as sent.</summary>
    public static string Digest(ReadOnlySpan<byte> body) => $"sha256:{Convert.ToHexStringLower(SHA256.HashData(body))}";

    public async Task<AnalysisResult> AnalyzeAsync(ClaimsPrincipal user, AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var merged = (await grains.GetRegistryGrain<IAnalysisGrain>(RegistryKeys.Analyses).AnalyzeAsync(request)).Partial;
        var caller = CallerDisclosure.Of(user, security.Value, disclosure.Value);
        return caller.Exact
            ? AnalysisSummarizer.Exact(merged, request.Compare)
            : AnalysisSummarizer.Rounded(merged, request.Compare, caller.AnalysisRoundTo(disclosure.Value));
    }
}
