using System.Diagnostics;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace CalcinosisRegistry.Grains.Tests;

/// <summary>
/// Defect 8 of issue 13: when the silo hosting the publication sweeper dies, what it (or any dead silo) left
/// unpublished must be swept as soon as the death is declared, not when the sweeper's reminder (a minute's period)
/// next brings it back.
/// </summary>
public sealed class PublicationSweeperFailoverTests(ITestOutputHelper output)
{
    /// <summary>Death is declared a few seconds after the kill; far less than the reminder's first tick (a minute after start).</summary>
    private static readonly TimeSpan BackWithin = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task When_the_sweepers_silo_dies_a_survivor_sweeps_as_soon_as_the_death_is_declared()
    {
        await using var registry = await RegistryCluster.StartAsync(silos: 2, silo => silo.Services.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(1);
            options.NumMissedProbesLimit = 2;
            options.NumVotesForDeathDeclaration = 1;
        }));
        var sweeper = registry.Client.GetGrain<IPublicationSweeperGrain>(RegistryKeys.PublicationSweeper);
        await sweeper.SweepNowAsync();
        var management = registry.Client.GetGrain<IManagementGrain>(0);
        var silos = registry.Cluster.Silos.ToList();
        var host = Assert.Single(await SweeperHostsAsync(management, [.. silos.Select(s => s.SiloAddress)]));
        var victim = silos.Single(s => s.SiloAddress.Equals(host));
        var survivor = silos.Single(s => !s.SiloAddress.Equals(host));

        var clock = Stopwatch.StartNew();
        await registry.Cluster.KillSiloAsync(victim);

        // Nobody calls the sweeper here: only the survivor's own reaction to the death can bring it back this soon.
        IReadOnlyList<SiloAddress> hosts = [];
        while (clock.Elapsed < BackWithin && hosts.Count == 0)
        {
            await Task.Delay(200);
            hosts = await SweeperHostsAsync(management, [survivor.SiloAddress]);
        }

        output.WriteLine(hosts.Count == 1
            ? $"the sweeper was active on the survivor {clock.Elapsed.TotalSeconds:0.0} s after its silo's SIGKILL"
            : $"the sweeper was not back within {BackWithin.TotalSeconds:0} s");
        Assert.True(hosts.Count == 1, $"the sweeper was not active on the surviving silo within {BackWithin.TotalSeconds:0} s of its silo's SIGKILL");
    }

    private static async Task<IReadOnlyList<SiloAddress>> SweeperHostsAsync(IManagementGrain management, SiloAddress[] silos)
    {
        var statistics = await management.GetDetailedGrainStatistics(hostsIds: silos);
        return [.. statistics
            .Where(s => s.GrainType.Contains("PublicationSweeperGrain", StringComparison.Ordinal) && s.GrainId.Key.ToString() == RegistryKeys.PublicationSweeper)
            .Select(s => s.SiloAddress)];
    }
}
