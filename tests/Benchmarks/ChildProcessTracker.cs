using System.Collections.Concurrent;
using System.Diagnostics;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// Every child process this program starts, so that all of them are killed however it ends: normally, on an
/// exception, on Ctrl+C or on SIGTERM (both end in <see cref="KillAll"/> through the process-exit hook too).
/// </summary>
public static class ChildProcessTracker
{
    private static readonly ConcurrentDictionary<int, Process> Children = new();

    public static void Track(Process process) => Children[process.Id] = process;

    public static void Forget(Process process) => Children.TryRemove(process.Id, out _);

    public static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It has exited meanwhile.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // It has exited meanwhile, or cannot be signalled any more.
        }
        finally
        {
            Forget(process);
        }
    }

    public static void KillAll()
    {
        foreach (var process in Children.Values.ToArray())
        {
            Kill(process);
        }
    }
}
