namespace CalcinosisRegistry.Contracts.Cases;

/// <summary>
/// Makes sure every stored case version reaches the site index and the statistics, even when the silo that stored
/// it died before telling them: it asks the cases the store still lists as pending to publish again. Keyed by
/// <see cref="RegistryKeys.PublicationSweeper"/>; a reminder keeps it alive on some silo.
/// </summary>
[Alias("calcinosis.IPublicationSweeperGrain")]
public interface IPublicationSweeperGrain : IGrainWithStringKey
{
    /// <summary>Registers the reminder that keeps the sweeper running (idempotent; every silo calls it at start-up).</summary>
    [Alias("Start")]
    Task StartAsync();

    /// <summary>One sweep now: re-publishes the cases pending for longer than the grace period; returns how many.</summary>
    [Alias("SweepNow")]
    Task<int> SweepNowAsync();
}
