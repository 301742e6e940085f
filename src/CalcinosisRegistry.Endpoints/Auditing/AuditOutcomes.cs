using Microsoft.AspNetCore.Http;

namespace CalcinosisRegistry.Endpoints.Auditing;

/// <summary>The audit trail's outcome vocabulary (documented in docs/api.md), and which status gives which.</summary>
public static class AuditOutcomes
{
    public const string Allowed = "allowed";
    public const string Invalid = "invalid";
    public const string Unauthenticated = "unauthenticated";
    public const string Denied = "denied";
    public const string NotFound = "not-found";
    public const string PreconditionFailed = "precondition-failed";
    public const string RateLimited = "rate-limited";
    public const string Failed = "failed";

    public static IReadOnlyList<string> All { get; } =
        [Allowed, Invalid, Unauthenticated, Denied, NotFound, PreconditionFailed, RateLimited, Failed];

    public static string Of(int status) => status switch
    {
        < 300 => Allowed,
        400 or 413 or 415 => Invalid,
        401 => Unauthenticated,
        403 => Denied,
        404 => NotFound,
        409 or 412 or 428 => PreconditionFailed,
        429 => RateLimited,
        _ => Failed,
    };
}
