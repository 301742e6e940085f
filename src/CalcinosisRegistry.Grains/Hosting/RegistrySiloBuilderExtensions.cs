using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Grains.Access;
using CalcinosisRegistry.Grains.Infrastructure;
using CalcinosisRegistry.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace CalcinosisRegistry.Grains.Hosting;

public static class RegistrySiloBuilderExtensions
{
    /// <summary>
    /// What every registry silo needs, whatever its storage: the domain types' codec, a clock, fault translation,
    /// the publication sweeper, and (unless access control is switched off) site isolation in the grain layer.
    /// </summary>
    public static ISiloBuilder AddRegistryGrains(this ISiloBuilder silo, bool enforceSiteIsolation = true)
    {
        silo.Services.AddSerializer(serializer => serializer.AddRegistryDomainTypes());
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.AddIncomingGrainCallFilter<FaultTranslationFilter>();
        if (enforceSiteIsolation)
        {
            silo.AddIncomingGrainCallFilter<SiteIsolationFilter>();
        }

        // Every silo makes sure the sweeper's reminder exists, so a fresh cluster has one without anyone asking.
        silo.AddStartupTask((services, _) => services.GetRequiredService<IGrainFactory>()
            .GetRegistryGrain<IPublicationSweeperGrain>(RegistryKeys.PublicationSweeper).StartAsync());
        // ... and asks it for a sweep as soon as another silo is declared dead (defect 8 of issue 13).
        silo.Services.AddSingleton<SweepAfterSiloDeath>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<SweepAfterSiloDeath>());
        return silo;
    }

    /// <summary>
    /// In-memory storage and reminders: the embedded default and the unit tests. Grain state goes to an
    /// <see cref="InMemoryGrainStorage"/> with the same Orleans binary storage serializer as the durable mode, so state
    /// types are exercised in the format that is stored. The site indexes, statistics shards and publication backlog
    /// keep their entries in an <see cref="InMemoryRegistryIndexStore"/> (no serialisation at all: those are written
    /// on every case write), unless a durable store is registered. Silos of one in-process test cluster pass one
    /// <paramref name="sharedTable"/> and one <paramref name="sharedIndex"/>, as real silos share one database.
    /// </summary>
    public static ISiloBuilder AddRegistryInMemoryStorage(
        this ISiloBuilder silo, InMemoryGrainStateTable? sharedTable = null, InMemoryRegistryIndexStore? sharedIndex = null)
    {
        var table = sharedTable ?? new InMemoryGrainStateTable();
        silo.Services.AddGrainStorage(RegistryStorage.Name, (services, _) =>
            new InMemoryGrainStorage(table, new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>())));
        silo.UseInMemoryReminderService();
        if (sharedIndex is null)
        {
            silo.Services.TryAddSingleton<IRegistryIndexStore, InMemoryRegistryIndexStore>();
        }
        else
        {
            silo.Services.TryAddSingleton<IRegistryIndexStore>(sharedIndex);
        }

        return silo;
    }
}
