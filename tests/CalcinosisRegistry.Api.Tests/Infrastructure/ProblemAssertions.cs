using System.Net;
using System.Text.Json;

namespace CalcinosisRegistry.Api.Tests.Infrastructure;

/// <summary>Checks of RFC 7807 problem documents: media type, <c>status</c>, and for 400s the <c>errors</c> with their paths.</summary>
public static class ProblemAssertions
{
    public const string ProblemMediaType = "application/problem+json";

    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(ProblemMediaType, response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        var problem = document.RootElement.Clone();
        Assert.Equal(JsonValueKind.Object, problem.ValueKind);
        Assert.True(problem.TryGetProperty("status", out var status), $"The problem document has no status: {text}");
        Assert.Equal((int)expected, status.GetInt32());
        Assert.True(problem.TryGetProperty("title", out _), $"The problem document has no title: {text}");
        return problem;
    }

    /// <summary>A 400 problem whose <c>errors</c> array is not empty and gives every fault a path and a message; returns the paths.</summary>
    public static async Task<IReadOnlyList<string>> AssertValidationProblemAsync(this HttpResponseMessage response)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"A 400 without errors: {problem}");
        Assert.Equal(JsonValueKind.Array, errors.ValueKind);
        Assert.NotEqual(0, errors.GetArrayLength());
        var paths = new List<string>();
        foreach (var error in errors.EnumerateArray())
        {
            var path = error.GetProperty("path").GetString();
            Assert.False(string.IsNullOrEmpty(path), $"An error without a path: {error}");
            Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()), $"An error without a message: {error}");
            paths.Add(path!);
        }

        return paths;
    }
}
