using CalcinosisRegistry.Testing;
namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>How one silo process is started: its name (for logs), database, cluster and ports.</summary>
internal sealed record SiloSettings(
    string Name,
    string ConnectionString,
    string ClusterId,
    int HttpPort,
    int SiloPort,
    int GatewayPort,
    string LogDirectory)
{
    /// <summary>A silo with fresh free ports.</summary>
    public static SiloSettings WithFreePorts(string name, string connectionString, string clusterId, string logDirectory)
    {
        var ports = FreePorts.Take(3);
        return new SiloSettings(name, connectionString, clusterId, ports[0], ports[1], ports[2], logDirectory);
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");
}
