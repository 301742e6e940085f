using CalcinosisRegistry.Contracts.Faults;

namespace CalcinosisRegistry.Web.Services;

/// <summary>The API's translation of grain faults (RegistryExceptionHandler), for actions taken over the circuit.</summary>
internal static class RegistryFaults
{
    public static async Task<WebResult<T>> GuardAsync<T>(Func<Task<WebResult<T>>> action)
    {
        try
        {
            return await action();
        }
        catch (AccessDeniedException)
        {
            return WebResult<T>.Problem(403, "Forbidden", "You may not access the cases of this site.");
        }
        catch (ConcurrentWriteException)
        {
            return WebResult<T>.Problem(409, "Concurrent write", "Another write reached the case's storage first; nothing was changed. Reload the case and retry.");
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            return WebResult<T>.Problem(503, "The registry is temporarily unavailable",
                "A part of the registry (the cluster, its database or the audit trail) did not answer. Nothing was lost: try again.");
        }
    }

    private static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is RegistryUnavailableException or TimeoutException or OrleansException or OperationCanceledException
                or System.Data.Common.DbException or Orleans.Serialization.SerializerException)
            {
                return true;
            }
        }

        return false;
    }
}
