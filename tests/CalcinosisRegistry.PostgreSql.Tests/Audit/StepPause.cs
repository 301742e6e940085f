namespace CalcinosisRegistry.PostgreSql.Tests.Audit;

/// <summary>A writer held at a step: <see cref="Reached"/> completes when it arrives, and it goes on after <see cref="Release"/>.</summary>
internal sealed class StepPause
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Reached => _reached.Task;

    public void Release() => _released.TrySetResult();

    public Task HoldAsync()
    {
        _reached.TrySetResult();
        return _released.Task;
    }
}
