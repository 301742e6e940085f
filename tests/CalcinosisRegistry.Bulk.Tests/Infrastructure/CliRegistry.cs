using System.Diagnostics;
using CalcinosisRegistry.Testing;

namespace CalcinosisRegistry.Bulk.Tests.Infrastructure;

/// <summary>
/// A registry host listening on a real loopback port, and the <c>calcreg</c> tool run against it as a separate
/// process with redirected output (so it sees a non-interactive terminal, as in CI or a pipe).
/// </summary>
public sealed class CliRegistry : IAsyncLifetime
{
    public BulkRegistry Registry { get; } = new();

    public string Server { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var port = FreePorts.Take(1)[0];
        Registry.Factory.UseKestrel(port);
        Registry.Factory.StartServer();
        Server = $"http://127.0.0.1:{port}";
        await Registry.InitializeAsync();
    }

    public Task DisposeAsync() => Registry.DisposeAsync();

    public async Task<(int ExitCode, string Output)> RunAsync(string? token, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CalcregDll());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CALCREG_SERVER"] = Server;
        start.Environment["CALCREG_TOKEN"] = token ?? string.Empty;
        start.Environment["CALCREG_CONFIG"] = Path.Combine(Path.GetTempPath(), "calcreg-tests-no-config.json");
        start.Environment["COLUMNS"] = "200";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    /// <summary>The tool as built next to the tests' own configuration (bin/{Configuration}/net10.0).</summary>
    private static string CalcregDll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "CalcinosisRegistry.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root!.FullName, "src", "CalcinosisRegistry.Cli", "bin", configuration, "net10.0", "calcreg.dll");
        Assert.True(File.Exists(dll), $"calcreg is not built at {dll}");
        return dll;
    }
}
