using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CalcinosisRegistry.Cli;

/// <summary>The registry's HTTP API as the tool uses it; any refusal becomes a <see cref="CliException"/> in plain words.</summary>
public sealed class RegistryClient(CliSettings settings) : IDisposable
{
    private readonly HttpClient _http = CreateHttp(settings);

    public async Task<JsonElement> SendJsonAsync(HttpMethod method, string path, HttpContent? content = null, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(method, path, content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return document.RootElement.Clone();
    }

    /// <summary>Sends the request; a non-success answer throws with the problem document told as sentences.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new CliException($"Could not reach the registry at {settings.Server} ({exception.Message}). Is it running? Set --server or CALCREG_SERVER.");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw new CliException(await DescribeAsync(response, cancellationToken), response.StatusCode == HttpStatusCode.Conflict ? 2 : 1);
        }
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient CreateHttp(CliSettings settings)
    {
        var http = new HttpClient { BaseAddress = settings.Server, Timeout = Timeout.InfiniteTimeSpan };
        if (settings.Token is { } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    private static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var sentence = new StringBuilder($"The registry answered {(int)response.StatusCode} {response.ReasonPhrase}");
        try
        {
            using var problem = JsonDocument.Parse(text);
            var root = problem.RootElement;
            if (root.TryGetProperty("title", out var title))
            {
                sentence.Append(": ").Append(title.GetString()).Append('.');
            }

            if (root.TryGetProperty("detail", out var detail))
            {
                sentence.Append(' ').Append(detail.GetString());
            }

            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    sentence.AppendLine().Append("  - ").Append(error.GetProperty("path").GetString()).Append(": ").Append(error.GetProperty("message").GetString());
                }
            }
        }
        catch (JsonException)
        {
            sentence.Append('.');
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            sentence.AppendLine().Append("Set CALCREG_TOKEN (or \"token\" in the config file) to a valid registry token.");
        }

        return sentence.ToString();
    }
}
