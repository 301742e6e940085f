namespace CalcinosisRegistry.Web.Tests.Infrastructure;

/// <summary>Waiting for the registry's background work (statistics, analyses) by polling with a deadline, never by sleeping.</summary>
public static class Polling
{
    public static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 10 s.");
            await Task.Delay(50);
        }
    }
}
