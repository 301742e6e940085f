using CalcinosisRegistry.Grains.Hosting;

namespace CalcinosisRegistry.Silo.Hosting;

public static class RegistrySiloHosting
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>Configures the silo: embedded (one silo, in memory) unless <c>ConnectionStrings:Registry</c> is set.</summary>
    public static WebApplicationBuilder AddRegistrySilo(this WebApplicationBuilder builder, RegistryCommandLine commandLine)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var siloOptions = builder.Configuration.GetSection(RegistrySiloOptions.Section).Get<RegistrySiloOptions>() ?? new RegistrySiloOptions();
        builder.UseOrleans(silo =>
        {
            silo.AddRegistryGrains();
            silo.UseLocalhostClustering(siloOptions.SiloPort, siloOptions.GatewayPort, serviceId: siloOptions.ServiceId, clusterId: siloOptions.ClusterId);
            silo.AddRegistryInMemoryStorage();
        });
        builder.Services.AddHostedService<EmbeddedModeNotice>();
        if (commandLine.LoadDemoCohort)
        {
            builder.Services.AddHostedService<DemoCohortLoader>();
        }

        return builder;
    }
}
