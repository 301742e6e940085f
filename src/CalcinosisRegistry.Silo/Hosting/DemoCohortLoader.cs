using System.Text.Json;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Access;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Domain.Access;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;
using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Silo.Hosting;

/// <summary>
/// <c>--demo</c>: submits a synthetic cohort through the same validation and grains as the API, so a new user sees
/// statistics at once. Every case goes through the validator, which also proves the generator writes valid cases.
/// </summary>
internal sealed class DemoCohortLoader(IGrainFactory grains, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<DemoCohortLoader> logger) : BackgroundService
{
    private const int DemoCases = 400;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WhenStartedAsync(stoppingToken);
        var access = grains.GetRegistryGrain<IAccessControlGrain>(RegistryKeys.AccessControl);
        foreach (var site in SyntheticCohort.DefaultSites)
        {
            await access.AddSiteAsync(site, $"Synthetic demo site {site}");
        }

        var loaded = 0;
        foreach (var batch in SyntheticCohort.Generate(DemoCases).Chunk(32))
        {
            await Task.WhenAll(batch.Select(async synthetic =>
            {
                var validation = CaseDocumentValidator.Validate(JsonSerializer.SerializeToUtf8Bytes(synthetic.Document, CaseJson.Options), clock.GetUtcNow().Year);
                if (!validation.IsValid)
                {
                    throw new InvalidOperationException($"The synthetic case {synthetic.Document.CaseId} is not valid: {string.Join("; ", validation.Errors)}");
                }

                // The loader submits as a researcher of each case's own site, like a site's script would.
                RequestContext.Set(CallerContext.Key, new CallerIdentity("demo-loader", RegistryRole.Researcher, [synthetic.SiteId]));
                await grains.GetRegistryGrain<ICaseGrain>(RegistryKeys.Case(synthetic.SiteId, synthetic.Document.CaseId))
                    .PutAsync(validation.Document!, validation.Warnings, ifMatch: null);
            }));
            loaded += batch.Length;
        }

        logger.LogInformation("Demo cohort loaded: {Cases} synthetic cases across {Sites} sites. Try GET /api/statistics?curve=false", loaded, SyntheticCohort.DefaultSites.Count);
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        return started.Task;
    }
}
