namespace CalcinosisRegistry.Contracts.Sites;

/// <summary>The index of one site's cases, keyed by <see cref="RegistryKeys.Site"/>; kept up to date by the case grains.</summary>
[Alias("calcinosis.ISiteGrain")]
public interface ISiteGrain : IGrainWithStringKey
{
    /// <summary>Records a case's latest version; an older or repeated version changes nothing.</summary>
    [Alias("Record")]
    Task RecordAsync([Immutable] SiteCaseEntry entry);

    /// <summary>Live cases ordered by case id, starting after <paramref name="afterCaseId"/>.</summary>
    [Alias("List")]
    Task<SiteCasePage> ListAsync(string? afterCaseId, int limit);

    /// <summary>Every case id ever recorded, withdrawn ones included (for statistics rebuilds).</summary>
    [Alias("AllCaseIds")]
    Task<IReadOnlyList<string>> GetAllCaseIdsAsync();
}
