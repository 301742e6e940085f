namespace CalcinosisRegistry.Api.Tests.Infrastructure;

/// <summary>Site ids that no other test uses, so every test reads only the cases it wrote itself.</summary>
public static class TestSites
{
    private const int MaxPrefixLength = 18;

    /// <summary>A valid site id (<c>^[a-z0-9-]{2,32}$</c>): a short readable prefix, a dash and 12 random hex digits.</summary>
    public static string New(string prefix)
    {
        var shortPrefix = prefix.Length > MaxPrefixLength ? prefix[..MaxPrefixLength] : prefix;
        return $"{shortPrefix}-{Guid.NewGuid():N}"[..(shortPrefix.Length + 13)];
    }
}
