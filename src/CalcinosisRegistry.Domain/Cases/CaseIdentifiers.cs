using System.Text.RegularExpressions;

namespace CalcinosisRegistry.Domain.Cases;

/// <summary>The identifier rules of contract section 1: a site id and a site-local pseudonymous case code.</summary>
public static partial class CaseIdentifiers
{
    public const string SiteIdPattern = "^[a-z0-9-]{2,32}$";
    public const string CaseIdPattern = "^[A-Za-z0-9._-]{1,64}$";

    public static bool IsValidSiteId(string? value) => value is not null && SiteIdRegex().IsMatch(value);

    public static bool IsValidCaseId(string? value) => value is not null && CaseIdRegex().IsMatch(value);

    // \z rather than $: in .NET "$" also matches before a trailing newline.
    [GeneratedRegex(@"^[a-z0-9-]{2,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SiteIdRegex();

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CaseIdRegex();
}
