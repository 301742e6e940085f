namespace CalcinosisRegistry.Grains.Tests.Infrastructure;

/// <summary>A cluster of two silos shared by the tests of a class.</summary>
public sealed class TwoSiloClusterFixture : IAsyncLifetime
{
    private RegistryCluster? _registry;

    public RegistryCluster Registry => _registry ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync() => _registry = await RegistryCluster.StartAsync(silos: 2);

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }
}
