namespace CalcinosisRegistry.Domain.Audit;

/// <summary>
/// Checks entries one at a time, in sequence order, so a store can stream millions of rows through it without
/// holding them (<see cref="AuditChain.Verify"/> is the in-memory shortcut). Stops at the first problem.
/// </summary>
/// <remarks>
/// Per entry, in this order: the sequence must be the next one (a gap means removed entries, a repeat or step back
/// an inserted or reordered one); the stored hash must equal the recomputed one (otherwise the entry was modified);
/// its previous hash must equal the hash of the entry before (otherwise something was put in or taken out before it,
/// or an earlier entry was modified and re-hashed). At the end the last entry must equal the head, which catches a
/// removed tail and entries appended behind the log's back.
/// </remarks>
public sealed class AuditChainVerifier(string chain = "")
{
    /// <summary>How problems name this chain: nothing for the original chain, "chain X: " for a writer's.</summary>
    private readonly string _prefix = chain.Length == 0 ? "" : $"Chain {chain}: ";
    private long _nextSequence = 1;
    private string _previousHash = AuditChain.GenesisHash;
    private long _entriesChecked;
    private AuditVerification? _failure;

    /// <summary>The entries accepted so far, the bad one included.</summary>
    public long EntriesChecked => _entriesChecked;

    /// <summary>The sequence and hash of the last accepted entry (<see cref="AuditHead.Empty"/> before the first).</summary>
    public AuditHead Last => new(_nextSequence - 1, _previousHash);

    /// <summary>Checks the next entry; false once a problem has been found (later entries are then ignored).</summary>
    public bool Accept(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_failure is not null)
        {
            return false;
        }

        _entriesChecked++;
        if (entry.Sequence < _nextSequence)
        {
            return Fail(entry.Sequence,
                $"Entry {entry.Sequence} appears where entry {_nextSequence} was expected: an entry was inserted or the order changed.");
        }

        if (entry.Sequence > _nextSequence)
        {
            var missing = entry.Sequence - 1 == _nextSequence
                ? $"Entry {_nextSequence} is missing"
                : $"Entries {_nextSequence} to {entry.Sequence - 1} are missing";
            return Fail(_nextSequence, $"{missing}: removed from the log (or the order changed).");
        }

        if (!string.Equals(AuditChain.ComputeHash(chain, entry.Sequence, entry.Event, entry.PreviousHash), entry.Hash, StringComparison.Ordinal))
        {
            return Fail(entry.Sequence, $"Entry {entry.Sequence} was modified: its content no longer matches its hash.");
        }

        if (!string.Equals(entry.PreviousHash, _previousHash, StringComparison.Ordinal))
        {
            return Fail(entry.Sequence,
                $"Entry {entry.Sequence} does not link to the entry before it: an entry was replaced, inserted or removed, or an earlier one re-hashed.");
        }

        _nextSequence = entry.Sequence + 1;
        _previousHash = entry.Hash;
        return true;
    }

    /// <summary>
    /// The verdict. With a <paramref name="head"/>, the last accepted entry must be the one it records; without one
    /// only the chain itself is checked (and a cut-off tail cannot be seen).
    /// </summary>
    public AuditVerification Complete(AuditHead? head)
    {
        if (_failure is not null)
        {
            return _failure;
        }

        var lastSequence = _nextSequence - 1;
        if (head is not null)
        {
            if (lastSequence < head.Sequence)
            {
                return Record(lastSequence + 1,
                    $"The log ends at entry {lastSequence} but its head records entry {head.Sequence}: entries were removed from the end.");
            }

            if (lastSequence > head.Sequence)
            {
                return Record(head.Sequence + 1,
                    $"Entries {head.Sequence + 1} to {lastSequence} follow the recorded head (entry {head.Sequence}): they were added outside the log.");
            }

            if (!string.Equals(_previousHash, head.Hash, StringComparison.Ordinal))
            {
                return Record(head.Sequence == 0 ? null : head.Sequence,
                    $"The last entry ({lastSequence}) does not match the hash its head records: the entry or the head was changed.");
            }
        }

        return new AuditVerification(true, _entriesChecked, null, null);
    }

    /// <summary>Records the problem for <see cref="Accept"/>, which then reports false.</summary>
    private bool Fail(long? firstBadSequence, string problem)
    {
        Record(firstBadSequence, problem);
        return false;
    }

    private AuditVerification Record(long? firstBadSequence, string problem)
    {
        _failure = new AuditVerification(false, _entriesChecked, firstBadSequence, _prefix + problem, chain.Length == 0 ? null : chain);
        return _failure;
    }
}
