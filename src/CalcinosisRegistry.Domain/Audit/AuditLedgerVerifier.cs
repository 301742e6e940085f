namespace CalcinosisRegistry.Domain.Audit;

/// <summary>
/// Checks a log of several chains and the anchors that publish their heads, streaming: first every anchor in
/// sequence order (<see cref="AcceptAnchor"/>, then <see cref="CompleteAnchors"/>), then every entry ordered by chain
/// and sequence (<see cref="Accept"/>), then <see cref="Complete"/>. Stops at the first problem.
/// </summary>
/// <remarks>
/// <para>Each chain is checked on its own as <see cref="AuditChainVerifier"/> checks the original one: gap-free
/// sequences, every hash, every link, and its last entry against its head row. That proves no entry of a chain was
/// changed, inserted, removed or reordered, and that its tail is where its head says.</para>
/// <para>Someone who cuts a chain's tail and also moves its head row back leaves a valid shorter chain. The anchors
/// catch that: every anchor records the heads of the chains at its publication, and is itself chained and headed.
/// So for the latest anchored head of every chain, the chain must still reach that sequence with that very hash, and
/// a chain an anchor names must still exist. What is appended after the last anchor is protected by the heads
/// alone.</para>
/// </remarks>
public sealed class AuditLedgerVerifier(IReadOnlyDictionary<string, AuditHead> heads)
{
    private readonly Dictionary<string, AuditHead> _anchored = new(StringComparer.Ordinal);
    private readonly HashSet<string> _completed = new(StringComparer.Ordinal);
    private long _nextAnchor = 1;
    private string _previousAnchorHash = AuditChain.GenesisHash;
    private string? _chain;
    private AuditChainVerifier? _current;
    private string? _hashAtAnchoredSequence;
    private long _entriesChecked;
    private AuditVerification? _failure;

    /// <summary>Checks the next anchor; false once a problem has been found.</summary>
    public bool AcceptAnchor(AuditAnchor anchor)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        if (_failure is not null)
        {
            return false;
        }

        if (anchor.Sequence != _nextAnchor)
        {
            return Fail(null, anchor.Sequence < _nextAnchor
                ? $"Anchor {anchor.Sequence} appears where anchor {_nextAnchor} was expected: an anchor was inserted or the order changed."
                : $"Anchor {_nextAnchor} is missing: anchors were removed.");
        }

        if (!string.Equals(AuditAnchorChain.ComputeHash(anchor.Sequence, anchor.PublishedAt, anchor.Heads, anchor.PreviousHash), anchor.Hash, StringComparison.Ordinal))
        {
            return Fail(null, $"Anchor {anchor.Sequence} was modified: its content no longer matches its hash.");
        }

        if (!string.Equals(anchor.PreviousHash, _previousAnchorHash, StringComparison.Ordinal))
        {
            return Fail(null, $"Anchor {anchor.Sequence} does not link to the anchor before it: an anchor was replaced, inserted or removed.");
        }

        if (AuditChainHeads.Parse(anchor.Heads) is not { } recorded)
        {
            return Fail(null, $"Anchor {anchor.Sequence} does not list chain heads in the anchor format.");
        }

        foreach (var (chain, head) in recorded)
        {
            if (_anchored.TryGetValue(chain, out var earlier)
                && (head.Sequence < earlier.Sequence || (head.Sequence == earlier.Sequence && !string.Equals(head.Hash, earlier.Hash, StringComparison.Ordinal))))
            {
                return Fail(null, $"Anchor {anchor.Sequence} records {Name(chain)} at entry {head.Sequence}, behind or beside an earlier anchor's entry {earlier.Sequence}.");
            }

            _anchored[chain] = head;
        }

        _nextAnchor = anchor.Sequence + 1;
        _previousAnchorHash = anchor.Hash;
        return true;
    }

    /// <summary>The last anchor must be the one the anchor head records (a removed tail of anchors shows here).</summary>
    public bool CompleteAnchors(AuditHead anchorHead)
    {
        ArgumentNullException.ThrowIfNull(anchorHead);
        if (_failure is not null)
        {
            return false;
        }

        var last = _nextAnchor - 1;
        if (last != anchorHead.Sequence || !string.Equals(_previousAnchorHash, anchorHead.Hash, StringComparison.Ordinal))
        {
            return Fail(null, $"The anchors end at anchor {last} but their head records anchor {anchorHead.Sequence} with another hash: anchors were removed, added or changed.");
        }

        return true;
    }

    /// <summary>Checks the next entry (ordered by chain, then sequence); false once a problem has been found.</summary>
    public bool Accept(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_failure is not null)
        {
            return false;
        }

        if (!string.Equals(entry.Chain, _chain, StringComparison.Ordinal))
        {
            if (!CompleteChain() || !_completed.Add(entry.Chain))
            {
                return _failure is null && Fail(entry.Sequence, $"{Name(entry.Chain)} is read in two parts: the log is not ordered by chain.");
            }

            _chain = entry.Chain;
            _current = new AuditChainVerifier(entry.Chain);
            _hashAtAnchoredSequence = null;
        }

        _entriesChecked++;
        if (!_current!.Accept(entry))
        {
            _failure = Counted(_current.Complete(null));
            return false;
        }

        if (_anchored.TryGetValue(entry.Chain, out var anchored) && anchored.Sequence == entry.Sequence)
        {
            _hashAtAnchoredSequence = entry.Hash;
        }

        return true;
    }

    /// <summary>The verdict over every chain, every head row and every anchored head.</summary>
    public AuditVerification Complete()
    {
        if (_failure is not null || !CompleteChain())
        {
            return _failure!;
        }

        // Chains with a head row or an anchor but no entry left at all.
        foreach (var chain in heads.Keys.Concat(_anchored.Keys).Where(chain => !_completed.Contains(chain)).Distinct().Order(StringComparer.Ordinal).ToList())
        {
            _chain = chain;
            _current = new AuditChainVerifier(chain);
            _hashAtAnchoredSequence = null;
            _completed.Add(chain);
            if (!CompleteChain())
            {
                return _failure!;
            }
        }

        return new AuditVerification(true, _entriesChecked, null, null);
    }

    /// <summary>Ends the chain being read: its head row and its latest anchored head must both hold.</summary>
    private bool CompleteChain()
    {
        if (_chain is not { } chain || _current is not { } current)
        {
            return true;
        }

        _current = null;
        var last = current.Last;
        if (!heads.TryGetValue(chain, out var head))
        {
            return _anchored.TryGetValue(chain, out var gone) && last.Sequence == 0
                ? Fail(1, $"{Name(chain)}, anchored at entry {gone.Sequence}, is gone: its entries and its head were removed.")
                : Fail(null, $"{Name(chain)} has no head row: without it a removed tail cannot be ruled out.");
        }

        var verdict = current.Complete(head);
        if (!verdict.Intact)
        {
            _failure = Counted(verdict);
            return false;
        }

        if (_anchored.TryGetValue(chain, out var anchored) && anchored.Sequence > 0)
        {
            if (anchored.Sequence > last.Sequence)
            {
                return Fail(last.Sequence + 1,
                    $"{Name(chain)} ends at entry {last.Sequence} but an anchor recorded it at entry {anchored.Sequence}: entries were removed from the end, and its head moved back.");
            }

            if (!string.Equals(_hashAtAnchoredSequence, anchored.Hash, StringComparison.Ordinal))
            {
                return Fail(anchored.Sequence, $"{Name(chain)}'s entry {anchored.Sequence} is not the one an anchor recorded: the chain was rewritten.");
            }
        }

        return true;
    }

    private AuditVerification Counted(AuditVerification verdict) => verdict with { EntriesChecked = _entriesChecked };

    private bool Fail(long? firstBadSequence, string problem)
    {
        _failure = new AuditVerification(false, _entriesChecked, firstBadSequence, problem, _chain is { Length: > 0 } chain ? chain : null);
        return false;
    }

    private static string Name(string chain) => chain.Length == 0 ? "The original chain" : $"Chain {chain}";
}
