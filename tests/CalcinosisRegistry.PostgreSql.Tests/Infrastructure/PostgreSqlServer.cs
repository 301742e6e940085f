using System.Diagnostics;
using System.Reflection;
using Npgsql;

namespace CalcinosisRegistry.PostgreSql.Tests.Infrastructure;

/// <summary>
/// Locates the PostgreSQL server the tests run against, once per test run.
/// </summary>
/// <remarks>
/// Order: the <c>REGISTRY_TEST_POSTGRES</c> connection string if set; otherwise <c>bash tests/postgres.sh start</c>
/// from the repository root (which installs and starts a throwaway server). If neither works the tests FAIL with
/// a message saying so: silently skipping would let CI go green without ever touching the database.
/// </remarks>
internal static class PostgreSqlServer
{
    public const string ConnectionStringVariable = "REGISTRY_TEST_POSTGRES";

    private static readonly Lazy<Task<string>> AdminConnectionString = new(FindServerAsync);

    /// <summary>A connection string to an existing database on the server, used to create and drop test databases.</summary>
    public static Task<string> GetAdminConnectionStringAsync() => AdminConnectionString.Value;

    /// <summary>Creates an empty database with a unique name so each test class starts from nothing.</summary>
    public static async Task<string> CreateDatabaseAsync(string purpose)
    {
        var admin = await GetAdminConnectionStringAsync();
        // PostgreSQL truncates identifiers at 63 bytes; purposes are short fixed words, so this stays unique.
        var name = $"reg_{purpose}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            // The name is generated above from a fixed purpose and a Guid, so interpolating it is safe.
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database created by <see cref="CreateDatabaseAsync"/>, disconnecting leftover pooled sessions.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(await GetAdminConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> FindServerAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            await EnsureReachableAsync(fromEnvironment, $"the {ConnectionStringVariable} environment variable");
            return fromEnvironment;
        }

        var scriptOutcome = await TryStartScriptAsync();
        if (scriptOutcome.ConnectionString is { } started)
        {
            await EnsureReachableAsync(started, "tests/postgres.sh");
            return started;
        }

        var inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        throw new InvalidOperationException(
            (inCi ? "CI=true and PostgreSQL is unavailable, so the PostgreSQL persistence tests fail rather than skip. " : "PostgreSQL is unavailable. ")
            + $"Set {ConnectionStringVariable} to a connection string of a PostgreSQL 15+ server whose role may CREATE DATABASE, "
            + "or run as root so that 'bash tests/postgres.sh start' can install and start a throwaway server. "
            + $"Attempt to start it: {scriptOutcome.Diagnostics}");
    }

    private static async Task<(string? ConnectionString, string Diagnostics)> TryStartScriptAsync()
    {
        var repositoryRoot = FindRepositoryRoot();
        if (repositoryRoot is null)
        {
            return (null, "CalcinosisRegistry.sln was not found above " + AppContext.BaseDirectory);
        }

        var script = Path.Combine(repositoryRoot, "tests", "postgres.sh");
        var startInfo = new ProcessStartInfo("bash")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(script);
        startInfo.ArgumentList.Add("start");

        try
        {
            using var process = Process.Start(startInfo)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            // Installing PostgreSQL with apt-get on a fresh CI machine can take a few minutes.
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            await process.WaitForExitAsync(timeout.Token);
            var lastLine = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            return process.ExitCode == 0 && !string.IsNullOrEmpty(lastLine)
                ? (lastLine, string.Empty)
                : (null, $"'bash {script} start' exited with {process.ExitCode}: {(await stderr).Trim()}");
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or OperationCanceledException or InvalidOperationException)
        {
            return (null, $"'bash {script} start' could not run: {exception.Message}");
        }
    }

    /// <summary>
    /// Walks up to CalcinosisRegistry.sln from the test binaries, the working directory and the project directory
    /// recorded at build time (binaries may live under an --artifacts-path outside the repository).
    /// </summary>
    internal static string? FindRepositoryRoot()
    {
        var projectDirectory = typeof(PostgreSqlServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "TestProjectDirectory")?.Value;
        var startingPoints = new[] { AppContext.BaseDirectory, Environment.CurrentDirectory, projectDirectory };
        foreach (var start in startingPoints.OfType<string>())
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "CalcinosisRegistry.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }

    private static async Task EnsureReachableAsync(string connectionString, string origin)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL from {origin} ('{connectionString}') is not reachable: {exception.Message}", exception);
        }
    }
}
