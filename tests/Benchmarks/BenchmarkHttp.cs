using System.Net;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>The one client every scenario uses: pooled HTTP/1.1 keep-alive connections, enough for every worker.</summary>
public static class BenchmarkHttp
{
    public static HttpClient Create(int connectionsPerServer) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connectionsPerServer,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(10),
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestVersion = HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };
}
