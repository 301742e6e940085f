using Microsoft.AspNetCore.Authentication;

namespace CalcinosisRegistry.Endpoints.Security;

/// <summary>
/// RFC 6750 section 3: the <c>WWW-Authenticate</c> challenge of a 401. No error code when credentials are simply
/// missing; <c>invalid_request</c> for an Authorization header of another scheme; <c>invalid_token</c> for a bearer
/// token that is malformed, unknown, wrong, expired or revoked. The same description is the problem's detail.
/// </summary>
internal static class BearerChallenge
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidToken = "invalid_token";
    public const string MissingDetail = "Send 'Authorization: Bearer <token>' with a registry token.";

    private const string Realm = "CalcinosisRegistry";
    private const string ErrorItem = "registry.bearer.error";

    public static AuthenticateResult Fail(string error, string description)
    {
        var properties = new AuthenticationProperties();
        properties.Items[ErrorItem] = error;
        return AuthenticateResult.Fail(description, properties);
    }

    /// <summary>The header and the problem detail for the result authentication gave.</summary>
    public static (string Header, string Detail) Of(AuthenticateResult? result)
    {
        if (result?.Failure is { } failure && result.Properties?.Items.TryGetValue(ErrorItem, out var error) == true && error is not null)
        {
            return ($"Bearer realm=\"{Realm}\", error=\"{error}\", error_description=\"{Quotable(failure.Message)}\"", failure.Message);
        }

        return ($"Bearer realm=\"{Realm}\"", MissingDetail);
    }

    /// <summary>RFC 6750 allows %x20-21 / %x23-5B / %x5D-7E in error_description: no quote, no backslash, ASCII only.</summary>
    private static string Quotable(string text) =>
        new([.. text.Select(c => c is '"' or '\\' || c < 0x20 || c > 0x7E ? '\'' : c)]);
}
