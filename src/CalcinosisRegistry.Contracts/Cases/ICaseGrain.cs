using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Contracts.Cases;

/// <summary>One research case of one site, keyed by <see cref="RegistryKeys.Case"/>. The authority for that case.</summary>
[Alias("calcinosis.ICaseGrain")]
public interface ICaseGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<CaseSnapshot?> GetAsync();

    /// <summary>
    /// Creates or replaces the case. The document has already been validated; <paramref name="ifMatch"/> is the
    /// caller's ETag; <paramref name="audit"/>, when given, is recorded with a stored write where the storage can commit
    /// the two together.
    /// </summary>
    /// <remarks>
    /// The document and warnings are [Immutable]: callers hand them over and never change them, so a call inside one
    /// silo passes them by reference instead of deep-copying every lesion and course.
    /// </remarks>
    [Alias("Put")]
    Task<CaseWriteResult> PutAsync([Immutable] CaseDocument document, [Immutable] IReadOnlyList<ValidationWarning> warnings, string? ifMatch, CaseWriteAudit? audit = null);

    /// <summary>Withdraws the case (consent withdrawn): its document is erased and the statistics drop it.</summary>
    [Alias("Withdraw")]
    Task<CaseWriteResult> WithdrawAsync(string? ifMatch, CaseWriteAudit? audit = null);

    /// <summary>Makes sure the site index and the statistics hold the case's committed version (used by the publication sweeper).</summary>
    [Alias("EnsurePublished")]
    Task EnsurePublishedAsync();

    /// <summary>The case's current contribution to the statistics, computed from its stored document (for rebuilds).</summary>
    [Alias("StatisticsEntry")]
    Task<ShardEntry> GetStatisticsEntryAsync();
}
