using System.Text.Json;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>Reads how many cases a statistics summary covers (<c>casesIncluded</c>).</summary>
public static class StatisticsReader
{
    public static async Task<int> CasesIncludedAsync(HttpClient http, Uri baseAddress, string type, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(baseAddress, $"/api/statistics/types/{type}?curve=false"), cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return json.RootElement.GetProperty("casesIncluded").GetInt32();
    }

    /// <summary>Waits until the statistics of <paramref name="type"/> cover at least <paramref name="expected"/> cases.</summary>
    public static async Task<TimeSpan> WaitForCasesAsync(HttpClient http, Uri baseAddress, string type, int expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var included = await CasesIncludedAsync(http, baseAddress, type, cancellationToken);
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
