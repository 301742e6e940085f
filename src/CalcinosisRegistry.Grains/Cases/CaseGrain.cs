using System.Security.Cryptography;
using System.Text;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Domain.Validation;
using CalcinosisRegistry.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core;
using Orleans.Storage;

namespace CalcinosisRegistry.Grains.Cases;

/// <summary>
/// The authority for one case. Writes are serialised by the grain (not reentrant), so ETag checks are exact; the
/// site index and the statistics shard are told after the case state is stored, keyed by version, so a repeated
/// or late message never counts twice.
/// </summary>
/// <remarks>
/// The state is read on first need rather than at activation, which is why it is not an injected
/// <c>[PersistentState]</c> (that always reads when the grain activates). Most activations of a case grain are
/// the case's creation, and a PUT without If-Match to a case not yet read tries to store it as new first: the
/// storage's first write is an insert that the storage refuses when a row exists (the same check that stops two
/// silos from both creating a case), so a creation costs the database one round trip instead of a read that finds
/// nothing plus the write. When the row does exist, the grain reads it and handles the PUT as it always did.
/// <para>A stored write carries the caller's audit entry into the storage when the storage can commit the two
/// together (PostgreSQL, <see cref="IAuditedGrainStorage"/>); the result then says so, and the web tier appends
/// nothing. If publishing to the index fails after such a write, the caller's answer is a fault, which the web tier
/// records as a second entry: the write was stored, and the answer was the fault.</para>
/// <para>Placed on the silo that first calls it (<see cref="Orleans.Placement.PreferLocalPlacementAttribute"/>): a case is created by
/// the HTTP request that the silo receiving it hands to its own grain, so the write is served where it arrives instead
/// of one hop away on two silos in three (issue 13, docs/benchmarks.md "Twelfth session").</para>
/// </remarks>
[Orleans.Placement.PreferLocalPlacement]
public sealed class CaseGrain(
    [FromKeyedServices(RegistryStorage.Name)] IGrainStorage storage,
    IRegistryIndexStore index,
    TimeProvider clock) : Grain, ICaseGrain
{
    private ShardEntry? _statisticsEntry;
    private bool _loaded;

    /// <summary>
    /// The case as last read or stored, with the storage's ETag; only meaningful once <see cref="LoadAsync"/> ran or a
    /// write succeeded. The grain calls its storage itself (no state bridge), so a write can carry its audit entry as an
    /// argument (<see cref="StoreAsync"/>).
    /// </summary>
    private readonly GrainState<CaseState> _stored = new(new CaseState());

    /// <summary>The state of <see cref="_stored"/>: never null (a read that finds no row leaves a new case).</summary>
    private CaseState StoredCase
    {
        get => _stored.State!;
        set => _stored.State = value;
    }

    private string SiteId => RegistryKeys.SiteOfCase(CaseKey);

    private string CaseId => RegistryKeys.CaseIdOfCase(CaseKey);

    private string CaseKey => this.GetPrimaryKeyString();

    private string CurrentETag => ETags.ForVersion(StoredCase.Version);

    public async Task<CaseSnapshot?> GetAsync()
    {
        await LoadAsync();
        return Snapshot();
    }

    public async Task<CaseWriteResult> PutAsync(CaseDocument document, IReadOnlyList<ValidationWarning> warnings, string? ifMatch, CaseWriteAudit? audit)
    {
        var json = CaseJson.Serialize(document);
        if (!_loaded && ifMatch is null && await TryCreateUnreadAsync(document, warnings, json, audit) is { } created)
        {
            return created;
        }

        await LoadAsync();
        var current = StoredCase;
        CaseOperation operation;
        if (current.IsLive)
        {
            if (string.Equals(json, current.DocumentJson, StringComparison.Ordinal))
            {
                // A safe retry of a write that may not have reached everyone: make sure it did.
                await PublishAsync();
                return Unchanged(CaseWriteOutcome.Unchanged);
            }

            if (ifMatch is null)
            {
                return Unchanged(CaseWriteOutcome.PreconditionRequired);
            }

            if (!ETags.Matches(ifMatch, CurrentETag))
            {
                return Unchanged(CaseWriteOutcome.PreconditionFailed);
            }

            operation = CaseOperation.Replace;
        }
        else
        {
            // If-Match on a case that does not exist cannot match anything (RFC 9110 §13.1.1).
            if (ifMatch is not null)
            {
                return Unchanged(CaseWriteOutcome.PreconditionFailed);
            }

            operation = CaseOperation.Create;
        }

        var next = NextState(current, operation, document, warnings, json);
        var outcome = operation == CaseOperation.Create ? CaseWriteOutcome.Created : CaseWriteOutcome.Replaced;
        var entry = AuditEntryOf(audit, outcome, current.Version, next.Version);
        await StoreAndPublishAsync(next, entry);
        return new CaseWriteResult(outcome, Snapshot(), current.Version, next.Version, Audited: entry is not null);
    }

    /// <summary>
    /// Stores <paramref name="document"/> as a new case without reading first (see the class remarks). Returns null,
    /// with the stored state loaded, when the case already has a row: the caller then goes the usual way.
    /// </summary>
    private async Task<CaseWriteResult?> TryCreateUnreadAsync(CaseDocument document, IReadOnlyList<ValidationWarning> warnings, string json, CaseWriteAudit? audit)
    {
        var next = NextState(new CaseState(), CaseOperation.Create, document, warnings, json);
        var entry = AuditEntryOf(audit, CaseWriteOutcome.Created, 0, next.Version);
        try
        {
            await StoreAsync(next, entry);
        }
        catch (InconsistentStateException)
        {
            // A row exists (this case was stored before, perhaps withdrawn): read it and decide as usual. The refused
            // write left the ETag unset (and its audit entry unwritten), and the read replaces the state and the ETag
            // with what is stored.
            await LoadAsync();
            return null;
        }

        // Publication stays outside the try: a site's first registration stores grain state too, and its conflict
        // must surface as the fault it is, not be taken for an existing case.
        await PublishAsync();
        return new CaseWriteResult(CaseWriteOutcome.Created, Snapshot(), 0, next.Version, Audited: entry is not null);
    }

    private CaseState NextState(CaseState current, CaseOperation operation, CaseDocument document, IReadOnlyList<ValidationWarning> warnings, string json)
    {
        var now = clock.GetUtcNow();
        var next = new CaseState
        {
            Version = current.Version + 1,
            DocumentJson = json,
            Warnings = [.. warnings],
            CreatedAt = operation == CaseOperation.Create ? now : current.CreatedAt,
            UpdatedAt = now,
            History = [.. current.History, new CaseHistoryEntry(current.Version + 1, operation, now, Digest(json))],
        };
        // The document is in hand: derive its contribution now instead of parsing the stored JSON back. If the store
        // fails, StoreAsync drops it and the entry is recomputed from what storage holds.
        _statisticsEntry = new ShardEntry(CaseKey, next.Version, CaseContribution.FromCase(document));
        return next;
    }

    /// <summary>Reads the stored case once per activation, before anything that needs what is stored.</summary>
    private async Task LoadAsync()
    {
        if (!_loaded)
        {
            await storage.ReadStateAsync(RegistryStorage.CaseStateName, this.GetGrainId(), _stored);
            _stored.State ??= new CaseState();
            _loaded = true;
        }
    }

    public async Task<CaseWriteResult> WithdrawAsync(string? ifMatch, CaseWriteAudit? audit)
    {
        await LoadAsync();
        var current = StoredCase;
        if (!current.IsLive)
        {
            return Unchanged(CaseWriteOutcome.NotFound);
        }

        if (ifMatch is null)
        {
            return Unchanged(CaseWriteOutcome.PreconditionRequired);
        }

        if (!ETags.Matches(ifMatch, CurrentETag))
        {
            return Unchanged(CaseWriteOutcome.PreconditionFailed);
        }

        var now = clock.GetUtcNow();
        var next = new CaseState
        {
            Version = current.Version + 1,
            DocumentJson = null,
            Warnings = [],
            CreatedAt = current.CreatedAt,
            UpdatedAt = now,
            History = [.. current.History, new CaseHistoryEntry(current.Version + 1, CaseOperation.Withdraw, now, string.Empty)],
        };
        var entry = AuditEntryOf(audit, CaseWriteOutcome.Withdrawn, current.Version, next.Version);
        await StoreAndPublishAsync(next, entry);
        return new CaseWriteResult(CaseWriteOutcome.Withdrawn, null, current.Version, next.Version, Audited: entry is not null);
    }

    /// <summary>An outcome that changed nothing: the case as it stands, at its current version.</summary>
    private CaseWriteResult Unchanged(CaseWriteOutcome outcome) =>
        new(outcome, Snapshot(), StoredCase.Version, StoredCase.Version);

    public async Task EnsurePublishedAsync()
    {
        await LoadAsync();
        // Every stored version is 1 or more, and a case without a row reads as version 0. The bridge's RecordExists
        // would throw here when this activation created the case without reading it first.
        if (StoredCase.Version > 0)
        {
            await PublishAsync();
        }
    }

    public async Task<ShardEntry> GetStatisticsEntryAsync()
    {
        await LoadAsync();
        return StatisticsEntry();
    }

    /// <summary>
    /// The write path: store the version (marked pending, see <see cref="StoreAsync"/>), then tell the index and the
    /// statistics. The mark goes once both hold the version (the in-memory store clears it as they store; the
    /// PostgreSQL one when the sweeper settles it). If this silo dies after storing, the publication sweeper finds the
    /// mark and has the case publish again. Version numbers must advance by one per stored write, as the storage
    /// row's version does: the durable store marks versions from that row.
    /// </summary>
    private async Task StoreAndPublishAsync(CaseState next, AuditEvent? auditEntry)
    {
        await StoreAsync(next, auditEntry);
        await PublishAsync();
    }

    /// <summary>The audit entry to commit with a write, or null when there is no caller's stamp or the storage cannot.</summary>
    private AuditEvent? AuditEntryOf(CaseWriteAudit? audit, CaseWriteOutcome outcome, int versionBefore, int versionAfter) =>
        audit is not null && storage is IAuditedGrainStorage
            ? audit.ToEvent(clock.GetUtcNow(), SiteId, CaseId, outcome, versionBefore, versionAfter)
            : null;

    /// <summary>
    /// Stores the next state, or leaves the grain as it was. If the write fails (or its outcome is unknown), a grain
    /// that had read its state is discarded, so the next call reads what storage really holds instead of trusting
    /// memory; one that had not read it reads before anything else anyway. <paramref name="auditEntry"/> commits with the
    /// state or not at all (see <see cref="IAuditedGrainStorage"/>).
    /// </summary>
    private async Task StoreAsync(CaseState next, AuditEvent? auditEntry)
    {
        // Marked before the write, so no stored version can escape the backlog (a no-op where the store marks it in
        // the write's own transaction).
        await index.RecordPendingAsync(CaseKey, next.Version);
        var previous = StoredCase;
        StoredCase = next;
        try
        {
            await (auditEntry is not null && storage is IAuditedGrainStorage audited
                ? audited.WriteStateAsync(RegistryStorage.CaseStateName, this.GetGrainId(), _stored, auditEntry)
                : storage.WriteStateAsync(RegistryStorage.CaseStateName, this.GetGrainId(), _stored));
        }
        catch
        {
            StoredCase = previous;
            // Derived from the refused state: it may share its version with what storage holds, so it must go.
            _statisticsEntry = null;
            if (_loaded)
            {
                DeactivateOnIdle();
            }

            throw;
        }

        _loaded = true;
    }

    private Task PublishAsync()
    {
        var entry = StatisticsEntry();
        var siteEntry = new SiteCaseEntry(
            CaseId,
            entry.Version,
            Withdrawn: entry.Contribution is null,
            entry.Contribution is null ? null : CaseJson.ToWireName(entry.Contribution.Type),
            StoredCase.UpdatedAt);
        var site = GrainFactory.GetRegistryGrain<ISiteGrain>(RegistryKeys.Site(SiteId));
        var shard = GrainFactory.GetRegistryGrain<IStatisticsShardGrain>(RegistryKeys.StatisticsShard(RegistryKeys.ShardOf(CaseKey)));
        return Task.WhenAll(site.RecordAsync(siteEntry), shard.ApplyAsync(entry));
    }

    /// <summary>The stored version's statistics entry, computed once per version rather than re-parsed at every publication.</summary>
    private ShardEntry StatisticsEntry()
    {
        var current = StoredCase;
        if (_statisticsEntry?.Version != current.Version)
        {
            var contribution = current.IsLive ? CaseContribution.FromCase(CaseJson.Deserialize(current.DocumentJson!)) : null;
            _statisticsEntry = new ShardEntry(CaseKey, current.Version, contribution);
        }

        return _statisticsEntry;
    }

    private CaseSnapshot? Snapshot()
    {
        var current = StoredCase;
        return current.IsLive
            ? new CaseSnapshot(SiteId, CaseId, current.Version, CurrentETag, current.DocumentJson!, current.Warnings,
                current.CreatedAt, current.UpdatedAt, current.History)
            : null;
    }

    private static string Digest(string json) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}
