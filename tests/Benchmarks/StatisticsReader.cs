using System.Text.Json;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>Reads how many cases a statistics summary covers (<c>casesIncluded</c>).</summary>
public static class StatisticsReader
{
    /// <param name="bearerToken">A registry token to send when access control is on; null sends none.</param>
    public static async Task<int> CasesIncludedAsync(HttpClient http, Uri baseAddress, string type, CancellationToken cancellationToken, string? bearerToken = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, $"/api/statistics/types/{type}?curve=false"));
        if (bearerToken is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return json.RootElement.GetProperty("casesIncluded").GetInt32();
    }

    /// <summary>Waits until the statistics of <paramref name="type"/> cover at least <paramref name="expected"/> cases.</summary>
    /// <param name="bearerToken">A registry token to send when access control is on (an admin's, for exact counts); null sends none.</param>
    public static async Task<TimeSpan> WaitForCasesAsync(
        HttpClient http, Uri baseAddress, string type, int expected, TimeSpan timeout, CancellationToken cancellationToken, string? bearerToken = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var included = await CasesIncludedAsync(http, baseAddress, type, cancellationToken, bearerToken);
            if (included >= expected)
            {
                return waited.Elapsed;
            }

            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"The {type} statistics covered {included} cases after {timeout.TotalSeconds:0} s; expected {expected}.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
