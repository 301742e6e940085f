using System.Data.Common;
using CalcinosisRegistry.Contracts.Faults;
using Orleans.Storage;

namespace CalcinosisRegistry.Grains.Infrastructure;

/// <summary>
/// Translates storage faults at the grain boundary into the registry's own serialisable exceptions, so callers
/// (the HTTP layer, other silos) can tell "retry later" (503) from "someone wrote first" (409) and never receive an
/// exception type that Orleans cannot serialise.
/// </summary>
internal sealed class FaultTranslationFilter(ILogger<FaultTranslationFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (InconsistentStateException exception)
        {
            logger.LogWarning(exception, "Storage version conflict in {Method}", context.MethodName);
            throw new ConcurrentWriteException("Storage holds a newer version than this silo expected; nothing was changed. Read again and retry.");
        }
        catch (Exception exception) when (IsStorageFault(exception))
        {
            logger.LogWarning(exception, "Storage fault in {Method}", context.MethodName);
            throw new RegistryUnavailableException($"The registry's storage did not answer ({exception.GetType().Name}: {exception.Message}).");
        }
    }

    private static bool IsStorageFault(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException or TimeoutException or System.Net.Sockets.SocketException or System.IO.IOException)
            {
                return true;
            }
        }

        return false;
    }
}
