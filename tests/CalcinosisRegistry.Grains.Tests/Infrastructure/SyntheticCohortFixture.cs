using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Domain.Synthetic;

namespace CalcinosisRegistry.Grains.Tests.Infrastructure;

/// <summary>A single-silo cluster of its own holding a synthetic cohort, submitted concurrently as sites would.</summary>
public sealed class SyntheticCohortFixture : IAsyncLifetime
{
    public const int CohortSize = 200;

    public static readonly IReadOnlyList<string> Sites = ["cohort-north", "cohort-lakeside", "cohort-harbour", "cohort-capital"];

    private RegistryCluster? _registry;

    public RegistryCluster Registry => _registry ?? throw new InvalidOperationException("The cluster has not started.");

    public IReadOnlyList<SyntheticCase> Cohort { get; } = [.. SyntheticCohort.Generate(CohortSize, seed: 4711, Sites)];

    public async Task InitializeAsync()
    {
        _registry = await RegistryCluster.StartAsync(silos: 1);
        var results = await Task.WhenAll(Cohort.Select(synthetic => _registry.PutAsync(synthetic.SiteId, synthetic.Document)));
        var refused = results.Where(result => result.Outcome != CaseWriteOutcome.Created).ToList();
        if (refused.Count > 0)
        {
            throw new InvalidOperationException($"{refused.Count} cohort cases were not created: {refused[0].Outcome}");
        }
    }

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }
}
