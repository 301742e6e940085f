namespace CalcinosisRegistry.Grains.Cases;

/// <summary>Entity tags of cases: the quoted version number, which only ever grows for a given case.</summary>
internal static class ETags
{
    public static string ForVersion(int version) => $"\"{version}\"";

    /// <summary>RFC 9110 If-Match: "*" or a list of tags; weak tags never match (strong comparison).</summary>
    public static bool Matches(string ifMatch, string currentETag)
    {
        foreach (var candidate in ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate == "*" || string.Equals(candidate, currentETag, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
