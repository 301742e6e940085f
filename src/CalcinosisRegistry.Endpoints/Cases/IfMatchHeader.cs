using System.Text.RegularExpressions;
using CalcinosisRegistry.Endpoints.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CalcinosisRegistry.Endpoints.Cases;

/// <summary>
/// The If-Match header of a case write, read strictly (issue 16.2, finding 14.10). A case's ETag is its quoted
/// version (<c>"3"</c>); a list of them is allowed as RFC 9110 says. Refused: <c>*</c>, because a registry's editors
/// expect optimistic concurrency and "*" would replace or withdraw whatever version is current (400); a weak tag
/// such as <c>W/"3"</c>, because If-Match compares strongly and a weak tag never matches (412, with a message
/// saying so); and anything else that is not a quoted version (400, naming the expected format).
/// </summary>
internal static partial class IfMatchHeader
{
    /// <summary>The header as the case grain compares it (null when absent), or the refusal to answer with.</summary>
    public static (string? Value, ProblemHttpResult? Refusal) Read(HttpRequest request)
    {
        var raw = request.Headers.IfMatch.ToString();
        if (raw.Length == 0)
        {
            return (null, null);
        }

        var tags = raw.Split(',', StringSplitOptions.TrimEntries);
        if (tags.Any(tag => tag == "*"))
        {
            return (null, Problems.Status(StatusCodes.Status400BadRequest, "If-Match: * is not accepted",
                "A case is changed only against the version you read: send its ETag (for example If-Match: \"2\"), never *, so a concurrent change is not overwritten."));
        }

        if (tags.Any(tag => tag.StartsWith("W/", StringComparison.Ordinal) && StrongTag().IsMatch(tag[2..])))
        {
            return (null, Problems.Status(StatusCodes.Status412PreconditionFailed, "Weak ETags never match",
                $"If-Match uses strong comparison (RFC 9110, section 13.1.1), so a weak tag such as {raw} never matches: send the ETag as GET returned it (for example \"2\")."));
        }

        if (!tags.All(tag => StrongTag().IsMatch(tag)))
        {
            return (null, Problems.Status(StatusCodes.Status400BadRequest, "Malformed If-Match",
                $"If-Match must be the case's ETag in double quotes, as GET returns it (for example If-Match: \"2\"); got {raw}."));
        }

        return (raw, null);
    }

    [GeneratedRegex("^\"[1-9][0-9]{0,9}\"$", RegexOptions.CultureInvariant)]
    private static partial Regex StrongTag();
}
