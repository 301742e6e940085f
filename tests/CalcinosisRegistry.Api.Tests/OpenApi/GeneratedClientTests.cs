using CalcinosisRegistry.Api.Tests.Infrastructure;

namespace CalcinosisRegistry.Api.Tests.OpenApi;

/// <summary>
/// Proof that the OpenAPI document is usable as it is (issue 16, item 4): Kiota (the repository's local .NET tool)
/// generates a C# client from /openapi/v1.json of a real host on Kestrel, the client builds, and the README's
/// workflow (tests/ClientWorkflow) runs through it: provision, submit, replace with If-Match, list, statistics,
/// withdraw. run-tests.sh restores the tool and the workflow's packages first, so nothing is downloaded here.
/// </summary>
public sealed class GeneratedClientTests : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(3);
    private static readonly Dictionary<string, string> Quiet = new()
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["KIOTA_UPDATE_DISABLED"] = "true",
        ["KIOTA_TUTORIAL_ENABLED"] = "false",
    };

    private readonly string _work = Directory.CreateTempSubdirectory("kiota-client-").FullName;

    [Fact]
    public async Task A_kiota_generated_client_runs_the_readme_workflow()
    {
        await using var host = new KestrelRegistryFactory();
        using var http = new HttpClient();
        var documentPath = Path.Combine(_work, "openapi.json");
        await File.WriteAllTextAsync(documentPath, await http.GetStringAsync($"{host.BaseUrl}/openapi/v1.json"));
        foreach (var file in new[] { "ClientWorkflow.csproj", "Program.cs" })
        {
            File.Copy(RepositoryFiles.PathOf("tests", "ClientWorkflow", file), Path.Combine(_work, file));
        }

        await RunAsync(RepositoryFiles.Root, "tool", "restore");
        await RunAsync(RepositoryFiles.Root, "kiota", "generate", "--language", "CSharp", "--openapi", documentPath,
            "--output", Path.Combine(_work, "Client"), "--class-name", "RegistryClient", "--namespace-name", "Registry.Client",
            "--exclude-backward-compatible", "--log-level", "Warning");
        await RunAsync(_work, "build", "--configuration", "Release", "--nologo");
        var workflow = await RunAsync(_work, Path.Combine(_work, "bin", "Release", "net10.0", "ClientWorkflow.dll"),
            host.BaseUrl, KestrelRegistryFactory.AdminToken, RepositoryFiles.PathOf("docs", "examples"));

        Assert.Contains("workflow: every step passed", workflow, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static async Task<string> RunAsync(string directory, params string[] arguments)
    {
        var (exitCode, output) = await ChildProcess.RunAsync("dotnet", arguments, directory, StepTimeout, Quiet);
        Assert.True(exitCode == 0, $"dotnet {string.Join(' ', arguments)} exited with {exitCode}:\n{output}");
        return output;
    }
}
