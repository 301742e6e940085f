namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server shared with the other test assemblies (REGISTRY_TEST_POSTGRES, port 55432 under
/// tests/run-tests.sh). These tests only create and drop their own databases on it; they never stop it.
/// </summary>
/// <remarks>
/// Without REGISTRY_TEST_POSTGRES, <c>bash tests/postgres.sh start</c> is tried (it reuses a running server). If
/// neither works the tests FAIL with a message saying so, with CI=true or without: skipping would let CI go green
/// without the durability tests ever running.
/// </remarks>
internal static class SharedPostgreSqlServer
{
    public const string ConnectionStringVariable = "REGISTRY_TEST_POSTGRES";

    private static readonly Lazy<Task<string>> AdminConnectionString = new(FindServerAsync);

    /// <summary>A connection string to an existing database of the server, used to create and drop test databases.</summary>
    public static Task<string> GetAdminConnectionStringAsync() => AdminConnectionString.Value;

    private static async Task<string> FindServerAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            await TestDatabases.EnsureReachableAsync(fromEnvironment, $"the {ConnectionStringVariable} environment variable");
            return fromEnvironment;
        }

        ScriptOutcome outcome;
        try
        {
            outcome = await ShellScript.RunPostgresScriptAsync("start", port: null, TimeSpan.FromMinutes(10));
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            outcome = new ScriptOutcome(-1, string.Empty, exception.Message);
        }

        if (outcome.ExitCode == 0 && outcome.LastOutputLine.Length > 0)
        {
            await TestDatabases.EnsureReachableAsync(outcome.LastOutputLine, "tests/postgres.sh start");
            return outcome.LastOutputLine;
        }

        throw new InvalidOperationException(Unavailable(
            $"{ConnectionStringVariable} is not set and 'bash tests/postgres.sh start' failed ({outcome.Describe()})."));
    }

    /// <summary>The failure message when no PostgreSQL can be used: the cluster tests fail, they never skip.</summary>
    public static string Unavailable(string reason)
    {
        var inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        return (inCi ? "CI=true and PostgreSQL is unavailable, so the multi-process durability tests FAIL rather than skip. "
                     : "PostgreSQL is unavailable, so the multi-process durability tests FAIL rather than skip. ")
            + reason
            + $" Set {ConnectionStringVariable} to a PostgreSQL 15+ server whose role may CREATE DATABASE, or run as root so that"
            + " tests/postgres.sh can install and start throwaway servers (the outage test starts its own on port 55433).";
    }
}
