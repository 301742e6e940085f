namespace CalcinosisRegistry.Domain.Cases;

/// <summary>
/// The identifier rules of contract section 1: a site id and a site-local pseudonymous code (the same shape is used
/// for lesion and treatment ids). Checked by hand rather than by Regex: .NET's <c>$</c> also matches before a final
/// newline, which would let <c>"MAYO-0001\n"</c> through.
/// </summary>
public static class CaseIdentifiers
{
    public const string SiteIdPattern = "^[a-z0-9-]{2,32}$";
    public const string CaseIdPattern = "^[A-Za-z0-9._-]{1,64}$";

    public static bool IsValidSiteId(string? value) =>
        value is { Length: >= 2 and <= 32 } && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    public static bool IsValidCaseId(string? value) =>
        value is { Length: >= 1 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
