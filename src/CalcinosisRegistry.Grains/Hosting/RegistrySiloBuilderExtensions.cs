using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Grains.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace CalcinosisRegistry.Grains.Hosting;

public static class RegistrySiloBuilderExtensions
{
    /// <summary>What every registry silo needs, whatever its storage: the domain types' codec and a clock.</summary>
    public static ISiloBuilder AddRegistryGrains(this ISiloBuilder silo)
    {
        silo.Services.AddSerializer(serializer => serializer.AddRegistryDomainTypes());
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.AddIncomingGrainCallFilter<FaultTranslationFilter>();
        return silo;
    }

    /// <summary>
    /// In-memory storage and reminders: the embedded default and the unit tests. Uses the same Orleans binary
    /// storage serializer as the durable mode, so state types are exercised in the format that is stored.
    /// </summary>
    public static ISiloBuilder AddRegistryInMemoryStorage(this ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(RegistryStorage.Name);
        silo.Services.AddOptions<MemoryGrainStorageOptions>(RegistryStorage.Name)
            .Configure<IServiceProvider>((options, services) =>
                options.GrainStorageSerializer = new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()));
        silo.UseInMemoryReminderService();
        return silo;
    }
}
