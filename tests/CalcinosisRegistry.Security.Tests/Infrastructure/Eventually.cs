namespace CalcinosisRegistry.Security.Tests.Infrastructure;

/// <summary>Polls until a condition holds or a deadline passes; returns the last value read either way, for the assertion.</summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public static async Task<T> ReadUntilAsync<T>(Func<Task<T>> read, Func<T, bool> isDone, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (isDone(value) || DateTime.UtcNow >= deadline)
            {
                return value;
            }

            await Task.Delay(PollInterval);
        }
    }
}
