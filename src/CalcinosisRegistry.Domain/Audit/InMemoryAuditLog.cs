namespace CalcinosisRegistry.Domain.Audit;

/// <summary>
/// The embedded (non-durable) audit log: the same hash chain, held in a list. Thread-safe: one lock orders the
/// appends, so concurrent requests still produce a single gap-free chain; reads work on a consistent snapshot.
/// </summary>
public sealed class InMemoryAuditLog : IAuditLog
{
    private readonly Lock _gate = new();

    // Entry with sequence n sits at index n - 1: sequences are assigned here, without gaps.
    private readonly List<AuditEntry> _entries = [];

    public Task AppendAsync(AuditEvent e, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(e);
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var entry = AuditChain.Append(_entries.Count == 0 ? null : _entries[^1], e);
            // One chain, so the listing position is the sequence.
            _entries.Add(entry with { Position = entry.Sequence });
        }

        return Task.CompletedTask;
    }

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.EnsureValid();
        ct.ThrowIfCancellationRequested();

        var matches = new List<AuditEntry>(Math.Min(query.Limit + 1, 256));
        lock (_gate)
        {
            var start = (int)Math.Clamp(query.AfterSequence ?? 0, 0, _entries.Count);
            // One more than asked tells whether another page exists without a second scan.
            for (var index = start; index < _entries.Count && matches.Count <= query.Limit; index++)
            {
                if (query.Matches(_entries[index]))
                {
                    matches.Add(_entries[index]);
                }
            }
        }

        var hasMore = matches.Count > query.Limit;
        if (hasMore)
        {
            matches.RemoveAt(matches.Count - 1);
        }

        return Task.FromResult(new AuditPage(matches, hasMore ? matches[^1].Position : null));
    }

    public Task<AuditVerification> VerifyAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        AuditEntry[] snapshot;
        lock (_gate)
        {
            snapshot = [.. _entries];
        }

        // The head is the last entry itself: in memory there is nowhere else to keep it, and nobody outside this
        // class can edit the list, so this mainly proves the chain the embedded mode serves is well-formed.
        var head = snapshot.Length == 0 ? AuditHead.Empty : snapshot[^1].ToHead();
        return Task.FromResult(AuditChain.Verify(snapshot, head));
    }
}
