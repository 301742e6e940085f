namespace CalcinosisRegistry.Grains.Tests.Infrastructure;

/// <summary>One single-silo cluster shared by the tests of a class (xUnit runs them one after another).</summary>
public sealed class SingleSiloClusterFixture : IAsyncLifetime
{
    private RegistryCluster? _registry;

    public RegistryCluster Registry => _registry ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync() => _registry = await RegistryCluster.StartAsync(silos: 1);

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }
}
