using System.Net;
using System.Text.Json;

namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>The registry's HTTP routes as the verification steps use them (the write load has its own PUT).</summary>
internal static class RegistryHttp
{
    public static readonly string[] StatisticsTypes = ["all", "dystrophic", "metastatic", "idiopathic", "iatrogenic"];

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    /// <summary>An HTTP client that fails fast on a dead silo and never reuses a connection for long.</summary>
    public static HttpClient CreateClient() =>
        new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), PooledConnectionLifetime = TimeSpan.FromSeconds(15) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

    /// <summary>A rebuild re-reads every case: an admin batch job (the grain allows it 10 minutes), not a quick request.</summary>
    private static readonly TimeSpan RebuildTimeout = TimeSpan.FromMinutes(2);

    public static async Task<(HttpStatusCode Status, string Body, string? ContentType)> SendAsync(
        HttpClient http, HttpMethod method, Uri address, TimeSpan? timeLimit = null)
    {
        using var timeout = new CancellationTokenSource(timeLimit ?? RequestTimeout);
        using var request = new HttpRequestMessage(method, address);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent(string.Empty);
        }

        using var response = await http.SendAsync(request, timeout.Token);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(timeout.Token), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The status the verification steps record when a silo gave no answer (refused, reset, or none in time).</summary>
    public const HttpStatusCode NoAnswer = 0;

    /// <summary>
    /// As <see cref="SendAsync"/>, but no answer comes back as <see cref="NoAnswer"/> with the reason as the body: the
    /// verification steps record it as a failure (or retry) instead of ending the test with an exception.
    /// </summary>
    public static async Task<(HttpStatusCode Status, string Body)> TrySendAsync(HttpClient http, HttpMethod method, Uri address, TimeSpan? timeLimit = null)
    {
        try
        {
            var (status, body, _) = await SendAsync(http, method, address, timeLimit);
            return (status, body);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            return (NoAnswer, $"no answer: {exception.GetType().Name}: {exception.Message}");
        }
    }

    /// <summary>Whether a verification step tries again: the registry's 503, or no answer at all.</summary>
    public static bool IsWorthRetrying(HttpStatusCode status) => status is HttpStatusCode.ServiceUnavailable or NoAnswer;

    public static Task<(HttpStatusCode Status, string Body)> GetCaseAsync(HttpClient http, Uri silo, string siteId, string caseId) =>
        TrySendAsync(http, HttpMethod.Get, new Uri(silo, $"/api/sites/{siteId}/cases/{caseId}"));

    public static Task<(HttpStatusCode Status, string Body)> GetStatisticsAsync(HttpClient http, Uri silo, string type) =>
        TrySendAsync(http, HttpMethod.Get, new Uri(silo, $"/api/statistics/types/{type}?curve=false"));

    public static Task<(HttpStatusCode Status, string Body)> RebuildStatisticsAsync(HttpClient http, Uri silo) =>
        TrySendAsync(http, HttpMethod.Post, new Uri(silo, "/api/admin/statistics/rebuild"), RebuildTimeout);

    /// <summary>The silos /api/admin/cluster lists, as (address, status) pairs.</summary>
    public static async Task<IReadOnlyList<(string Address, string Status)>> GetClusterAsync(HttpClient http, Uri silo)
    {
        var (status, body, _) = await SendAsync(http, HttpMethod.Get, new Uri(silo, "/api/admin/cluster"));
        if (status != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"GET /api/admin/cluster answered {(int)status}: {body}");
        }

        using var document = JsonDocument.Parse(body);
        return [.. document.RootElement.GetProperty("silos").EnumerateArray()
            .Select(s => (s.GetProperty("address").GetString() ?? string.Empty, s.GetProperty("status").GetString() ?? string.Empty))];
    }
}
