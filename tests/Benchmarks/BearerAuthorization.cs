using System.Net.Http.Headers;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>Adds <c>Authorization: Bearer &lt;token&gt;</c> to a request when there is a token (access control on).</summary>
public static class BearerAuthorization
{
    public static HttpRequestMessage WithBearer(this HttpRequestMessage request, string? token)
    {
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }
}
