using System.Text.Json;

namespace CalcinosisRegistry.Cli;

/// <summary>
/// Where the registry is and who calls it: <c>--server</c>, else <c>CALCREG_SERVER</c>, else the config file, else
/// http://localhost:5080; the token from <c>CALCREG_TOKEN</c>, else the config file. The config file is
/// <c>CALCREG_CONFIG</c> or <c>~/.config/calcreg/config.json</c>: <c>{ "server": "...", "token": "crt_..." }</c>.
/// </summary>
public sealed record CliSettings(Uri Server, string? Token)
{
    public const string DefaultServer = "http://localhost:5080";

    public static CliSettings Resolve(string? serverOption)
    {
        var config = ReadConfig();
        var server = serverOption ?? Environment.GetEnvironmentVariable("CALCREG_SERVER") ?? config.Server ?? DefaultServer;
        var token = Environment.GetEnvironmentVariable("CALCREG_TOKEN") is { Length: > 0 } fromEnvironment ? fromEnvironment : config.Token;
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException($"The server '{server}' is not an http(s) address.");
        }

        return new CliSettings(uri, token);
    }

    private static ConfigFile ReadConfig()
    {
        var path = Environment.GetEnvironmentVariable("CALCREG_CONFIG")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "calcreg", "config.json");
        if (!File.Exists(path))
        {
            return new ConfigFile(null, null);
        }

        try
        {
            return JsonSerializer.Deserialize<ConfigFile>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? new ConfigFile(null, null);
        }
        catch (JsonException exception)
        {
            throw new CliException($"The config file {path} is not valid JSON ({exception.Message}).");
        }
    }

    private sealed record ConfigFile(string? Server, string? Token);
}
