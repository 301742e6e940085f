namespace CalcinosisRegistry.Contracts.Cases;

/// <summary>
/// The outbox of the case grains of one shard (<see cref="RegistryKeys.Outbox"/>): a case records the version it is
/// about to store before storing it, and clears it once the site index and the statistics have it. Anything left
/// behind (a silo died in between) is swept: the case is asked to publish its committed state again.
/// </summary>
[Alias("calcinosis.IPublicationOutboxGrain")]
public interface IPublicationOutboxGrain : IGrainWithStringKey
{
    /// <summary>Durably records that <paramref name="caseKey"/> is about to store <paramref name="version"/>.</summary>
    [Alias("Expect")]
    Task ExpectAsync(string caseKey, int version);

    /// <summary>The case's version up to <paramref name="version"/> reached the index and the statistics.</summary>
    [Alias("Complete")]
    Task CompleteAsync(string caseKey, int version);

    /// <summary>Cases still waiting for publication (for tests and the admin view).</summary>
    [Alias("Pending")]
    Task<int> GetPendingCountAsync();
}
