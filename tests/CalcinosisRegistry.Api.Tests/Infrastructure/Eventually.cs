namespace CalcinosisRegistry.Api.Tests.Infrastructure;

/// <summary>
/// Polls an eventually consistent read (the statistics: contract section 4 promises one second) until it satisfies a
/// condition, for at most a few seconds; returns the last value read either way, so the assertion shows what was seen.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public static async Task<T> ReadUntilAsync<T>(Func<Task<T>> read, Func<T, bool> isDone, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
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
