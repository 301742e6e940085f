namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of this test alone (tests/postgres.sh on its own port), which may be paused and resumed to
/// stage a database outage without touching the server the other test assemblies share.
/// </summary>
internal sealed class OwnPostgreSqlServer : IAsyncDisposable
{
    public const int DefaultPort = 55433;

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(10);

    private OwnPostgreSqlServer(int port, string adminConnectionString)
    {
        Port = port;
        AdminConnectionString = adminConnectionString;
    }

    public int Port { get; }

    /// <summary>Connection string of the server's default database (registry_test), used to create test databases.</summary>
    public string AdminConnectionString { get; }

    public static async Task<OwnPostgreSqlServer> StartAsync(int port = DefaultPort)
    {
        ScriptOutcome outcome;
        try
        {
            outcome = await ShellScript.RunPostgresScriptAsync("start", port, ScriptTimeout);
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            outcome = new ScriptOutcome(-1, string.Empty, exception.Message);
        }

        if (outcome.ExitCode != 0 || outcome.LastOutputLine.Length == 0)
        {
            throw new InvalidOperationException(SharedPostgreSqlServer.Unavailable(
                $"The outage test needs its own server: 'REGISTRY_PG_PORT={port} bash tests/postgres.sh start' failed ({outcome.Describe()})."));
        }

        await TestDatabases.EnsureReachableAsync(outcome.LastOutputLine, $"tests/postgres.sh start on port {port}");
        return new OwnPostgreSqlServer(port, outcome.LastOutputLine);
    }

    /// <summary>Stops the server, keeping its data: every connection is cut and new ones are refused.</summary>
    public async Task PauseAsync()
    {
        var outcome = await ShellScript.RunPostgresScriptAsync("pause", Port, ScriptTimeout);
        if (outcome.ExitCode != 0)
        {
            throw new InvalidOperationException($"'tests/postgres.sh pause' on port {Port} failed: {outcome.Describe()}");
        }
    }

    /// <summary>Starts the paused server again on its kept data.</summary>
    public async Task ResumeAsync()
    {
        var outcome = await ShellScript.RunPostgresScriptAsync("resume", Port, ScriptTimeout);
        if (outcome.ExitCode != 0)
        {
            throw new InvalidOperationException($"'tests/postgres.sh resume' on port {Port} failed: {outcome.Describe()}");
        }
    }

    /// <summary>Stops the server and deletes its data; it was this test's alone.</summary>
    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await ShellScript.RunPostgresScriptAsync("stop", Port, ScriptTimeout);
    }
}
