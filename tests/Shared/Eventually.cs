using System.Diagnostics;

namespace CalcinosisRegistry.Testing;

/// <summary>
/// Waits for eventually consistent state by polling: the statistics promise visibility within one second, so a
/// probe that has not succeeded after five seconds is a failure, reported with the last value it saw.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Polls <paramref name="probe"/> until it returns null (success) or the timeout passes; a non-null result explains what is still wrong.</summary>
    public static async Task SucceedsAsync(Func<Task<string?>> probe, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var problem = await probe();
            if (problem is null)
            {
                return;
            }

            if (clock.Elapsed > limit)
            {
                Assert.Fail($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what}: {problem}");
            }

            await Task.Delay(PollInterval);
        }
    }
}
