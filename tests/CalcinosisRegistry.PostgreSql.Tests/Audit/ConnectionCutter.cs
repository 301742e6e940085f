using CalcinosisRegistry.Persistence.PostgreSql.Commit;
using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;
using Npgsql;

namespace CalcinosisRegistry.PostgreSql.Tests.Audit;

/// <summary>
/// The group-commit writer's step hook for the connection-cut tests: at the step it is armed for, it terminates the writer's
/// backend from a second connection (as a crashed server process or a dropped network link would end it), or holds
/// the writer there until released. Each arming acts once.
/// </summary>
internal sealed class ConnectionCutter(string connectionString)
{
    private readonly Lock _gate = new();
    private CommitStep? _cutAt;
    private (CommitStep Step, StepPause Pause)? _pauseAt;

    /// <summary>True once a backend was terminated. A pause armed for the same step acts first; the cut then waits for the next one.</summary>
    public bool HasCut { get; private set; }

    public void CutNextAt(CommitStep step)
    {
        lock (_gate)
        {
            _cutAt = step;
        }
    }

    public StepPause PauseNextAt(CommitStep step)
    {
        var pause = new StepPause();
        lock (_gate)
        {
            _pauseAt = (step, pause);
        }

        return pause;
    }

    public async Task OnStepAsync(CommitStep step, NpgsqlConnection connection)
    {
        StepPause? pause = null;
        var cut = false;
        lock (_gate)
        {
            if (_pauseAt is { } armed && armed.Step == step)
            {
                pause = armed.Pause;
                _pauseAt = null;
            }
            else if (_cutAt == step)
            {
                cut = true;
                _cutAt = null;
            }
        }

        if (pause is not null)
        {
            await pause.HoldAsync();
        }

        if (cut)
        {
            // Waits (up to 5 s) until the backend is gone, so the writer's next statement meets a dead connection.
            await SqlProbe.ExecuteAsync(connectionString, "SELECT pg_terminate_backend(@pid, 5000)", ("pid", connection.ProcessID));
            HasCut = true;
        }
    }
}
