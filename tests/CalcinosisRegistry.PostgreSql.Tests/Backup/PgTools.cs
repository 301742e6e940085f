using System.Diagnostics;
using Npgsql;

namespace CalcinosisRegistry.PostgreSql.Tests.Backup;

/// <summary>pg_dump and pg_restore as an operator runs them, against the database a connection string names.</summary>
internal static class PgTools
{
    public static Task DumpAsync(string connectionString, string file) =>
        RunAsync("pg_dump", connectionString, ["--format=custom", "--no-owner", $"--file={file}"], database: true);

    public static Task RestoreAsync(string connectionString, string file) =>
        RunAsync("pg_restore", connectionString, ["--no-owner", "--exit-on-error", $"--dbname={new NpgsqlConnectionStringBuilder(connectionString).Database}", file], database: false);

    private static async Task RunAsync(string tool, string connectionString, string[] arguments, bool database)
    {
        var server = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { $"--host={server.Host}", $"--port={server.Port}", $"--username={server.Username}" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        if (database)
        {
            start.ArgumentList.Add(server.Database!);
        }

        if (!string.IsNullOrEmpty(server.Password))
        {
            start.Environment["PGPASSWORD"] = server.Password;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }
}
