using System.Net;
using System.Net.Sockets;

namespace CalcinosisRegistry.Testing;

/// <summary>
/// Picks TCP ports that are free right now, by letting the OS choose and releasing them again. Shared (as a linked
/// source file) by every test project and the benchmarks that start silos side by side.
/// </summary>
internal static class FreePorts
{
    /// <summary>Distinct free ports; all listeners are held open until every port is chosen, so none repeats.</summary>
    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
