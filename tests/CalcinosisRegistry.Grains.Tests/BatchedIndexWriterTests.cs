using CalcinosisRegistry.Grains.Storage;

namespace CalcinosisRegistry.Grains.Tests;

/// <summary>
/// The index grains' group commit when a case write does not wait for it: a failed store is reported once per
/// batch, never lost, and stored again before the grain deactivates.
/// </summary>
public sealed class BatchedIndexWriterTests
{
    [Fact]
    public async Task Background_stores_that_fail_are_reported_once_per_batch_and_stored_again_before_deactivation()
    {
        // Each store call waits for the test to answer it; the answers run the writer's continuations on this thread.
        var attempts = new List<string[]>();
        var unanswered = new Queue<TaskCompletionSource>();
        var reports = new List<Exception>();
        var writer = new BatchedIndexWriter(
            keys =>
            {
                attempts.Add([.. keys.Order(StringComparer.Ordinal)]);
                var answer = new TaskCompletionSource();
                unanswered.Enqueue(answer);
                return answer.Task;
            },
            () => throw new InvalidOperationException("No replacement was asked for."),
            reports.Add);

        writer.StoreInBackground("a");
        writer.StoreInBackground("b");
        writer.StoreInBackground("c");
        Assert.Equal([["a"]], attempts);

        // The first batch fails: its key goes back, and the batch queued meanwhile carries it with the others.
        unanswered.Dequeue().SetException(new InvalidOperationException("database down"));
        Assert.Equal([["a"], ["a", "b", "c"]], attempts);
        unanswered.Dequeue().SetException(new InvalidOperationException("database still down"));

        // Two failed batches, two reports: not one per key.
        Assert.True(SpinWait.SpinUntil(() => reports.Count >= 2, TimeSpan.FromSeconds(5)));
        Assert.Equal(["database down", "database still down"], reports.Select(report => report.InnerException?.Message ?? report.Message));

        var deactivation = writer.StoreBeforeDeactivationAsync(CancellationToken.None);
        Assert.Equal(["a", "b", "c"], attempts[^1]);
        unanswered.Dequeue().SetResult();
        await deactivation;
        Assert.Equal(3, attempts.Count);
        Assert.Equal(2, reports.Count);

        // Everything is stored now: a further deactivation has nothing to store.
        await writer.StoreBeforeDeactivationAsync(CancellationToken.None);
        Assert.Equal(3, attempts.Count);
    }

    [Fact]
    public async Task A_store_that_fails_at_deactivation_is_reported_not_thrown()
    {
        var reports = new List<Exception>();
        var writer = new BatchedIndexWriter(
            _ => Task.FromException(new InvalidOperationException("database down")),
            () => Task.CompletedTask,
            reports.Add);

        writer.StoreInBackground("a");
        await writer.StoreBeforeDeactivationAsync(CancellationToken.None);

        // The background store's failure, then the deactivation's own attempt at the key it put back.
        Assert.True(SpinWait.SpinUntil(() => reports.Count >= 2, TimeSpan.FromSeconds(5)));
        Assert.All(reports, report => Assert.Contains("database down", report.InnerException?.Message ?? report.Message, StringComparison.Ordinal));
    }
}
