using CalcinosisRegistry.Domain.Audit;

namespace CalcinosisRegistry.Domain.Tests.Audit;

/// <summary>Chains per writer and the anchors over them (migration 0040), in memory.</summary>
public sealed class AuditLedgerVerifierTests
{
    private const string ChainA = "silo-a.42.0123456789ab";
    private const string ChainB = "silo-b.7.ba9876543210";
    private static readonly DateTimeOffset PublishedAt = new(2026, 3, 1, 9, 20, 0, TimeSpan.Zero);

    /// <summary>Known answers worked out independently (Python's hashlib over the encoding documented on AuditChain).</summary>
    [Theory]
    [InlineData(null, "f1195f0c5f3059c0372236c28521e8588164c1757b8a07f7082434dfd6fa902b")]
    [InlineData("k3x9", "01ec67cc0559aa53172afd0ad72c45a164a00a3c08eea3083dd4cd329852a6a2")]
    public void A_writers_chain_hashes_its_name_and_always_the_token_presence(string? tokenId, string expectedHash)
    {
        var e = new AuditEvent(new DateTimeOffset(2026, 3, 1, 9, 15, 2, TimeSpan.Zero), "ana", "Analyst", "statistics.read",
            null, null, null, null, "allowed", 200, null, tokenId);

        var entry = AuditChain.AppendAfter(ChainA, AuditHead.Empty, e);

        Assert.Equal(expectedHash, entry.Hash);
        Assert.Equal(ChainA, entry.Chain);
        Assert.NotEqual(entry.Hash, AuditChain.AppendAfter(ChainB, AuditHead.Empty, e).Hash);
    }

    [Fact]
    public void An_anchor_hashes_as_documented()
    {
        var heads = new Dictionary<string, AuditHead> { [ChainA] = new(7, new string('b', 64)), [""] = new(40, new string('a', 64)) };

        var anchor = AuditAnchorChain.AppendAfter(AuditHead.Empty, PublishedAt, heads);

        Assert.Equal($"40 {new string('a', 64)} \n7 {new string('b', 64)} {ChainA}", anchor.Heads);
        Assert.Equal("2eae4a9ba989534365740c2ee44dd5ff876a2d1192f4bfd4c7fb92ea6937d01c", anchor.Hash);
        Assert.Equal(heads, AuditChainHeads.Parse(anchor.Heads));
    }

    [Fact]
    public void Chains_with_heads_and_anchors_verify_intact()
    {
        var (a, b) = (Chain(ChainA, 5), Chain(ChainB, 3));

        var verification = Verify(Heads(a, b), [Anchor(a[..3], b)], [.. a, .. b]);

        Assert.Equal(new AuditVerification(true, 8, null, null), verification);
    }

    [Fact]
    public void A_tail_cut_with_its_head_moved_back_is_caught_by_the_anchor()
    {
        var (a, b) = (Chain(ChainA, 5), Chain(ChainB, 3));
        var anchors = new[] { Anchor(a, b) };

        var verification = Verify(Heads(a[..3], b), anchors, [.. a[..3], .. b]);

        Assert.Equal((false, ChainA, 4L), (verification.Intact, verification.Chain, verification.FirstBadSequence));
        Assert.Contains("an anchor recorded it at entry 5", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_rewritten_up_to_its_anchored_entry_is_caught_by_the_anchor()
    {
        var (a, b) = (Chain(ChainA, 5), Chain(ChainB, 3));
        var anchors = new[] { Anchor(a, b) };
        var rewritten = Chain(ChainA, 5, actor: "mallory");

        var verification = Verify(Heads(rewritten, b), anchors, [.. rewritten, .. b]);

        Assert.Equal((false, ChainA, 5L), (verification.Intact, verification.Chain, verification.FirstBadSequence));
    }

    [Fact]
    public void A_removed_chain_named_by_an_anchor_is_reported()
    {
        var (a, b) = (Chain(ChainA, 5), Chain(ChainB, 3));

        var verification = Verify(Heads(a), [Anchor(a, b)], a);

        Assert.Equal((false, ChainB), (verification.Intact, verification.Chain));
        Assert.Contains("is gone", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_without_a_head_row_is_reported()
    {
        var (a, b) = (Chain(ChainA, 2), Chain(ChainB, 3));

        var verification = Verify(Heads(a), [], [.. a, .. b]);

        Assert.Equal((false, ChainB), (verification.Intact, verification.Chain));
        Assert.Contains("no head row", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_moved_to_another_chain_no_longer_hashes()
    {
        var (a, b) = (Chain(ChainA, 2), Chain(ChainB, 3));
        var moved = b[2] with { Chain = ChainA, Sequence = 3, PreviousHash = a[1].Hash };

        var verification = Verify(Heads([.. a, moved], b[..2]), [], [.. a, moved, .. b[..2]]);

        Assert.Equal((false, ChainA, 3L), (verification.Intact, verification.Chain, verification.FirstBadSequence));
        Assert.Contains("modified", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_anchor_is_reported()
    {
        var (a, b) = (Chain(ChainA, 2), Chain(ChainB, 3));
        var anchor = Anchor(a, b);

        var verification = Verify(Heads(a, b), [anchor with { Heads = AuditChainHeads.Format(new Dictionary<string, AuditHead> { [ChainA] = a[0].ToHead(), [ChainB] = b[^1].ToHead() }) }], [.. a, .. b], anchor.ToHead());

        Assert.False(verification.Intact);
        Assert.Contains("Anchor 1 was modified", verification.Problem, StringComparison.Ordinal);
    }

    private static AuditEntry[] Chain(string chain, int count, string actor = "ana")
    {
        var entries = new List<AuditEntry>();
        var head = AuditHead.Empty;
        for (var i = 1; i <= count; i++)
        {
            var entry = AuditChain.AppendAfter(chain, head, SampleAuditEvents.Event(i) with { Actor = actor });
            entries.Add(entry);
            head = entry.ToHead();
        }

        return [.. entries];
    }

    private static Dictionary<string, AuditHead> Heads(params AuditEntry[][] chains)
    {
        var heads = new Dictionary<string, AuditHead>(StringComparer.Ordinal) { [""] = AuditHead.Empty };
        foreach (var chain in chains)
        {
            heads[chain[^1].Chain] = chain[^1].ToHead();
        }

        return heads;
    }

    private static AuditAnchor Anchor(params AuditEntry[][] chains) =>
        AuditAnchorChain.AppendAfter(AuditHead.Empty, PublishedAt, chains.ToDictionary(chain => chain[^1].Chain, chain => chain[^1].ToHead()));

    private static AuditVerification Verify(
        Dictionary<string, AuditHead> heads, IReadOnlyList<AuditAnchor> anchors, IEnumerable<AuditEntry> entries, AuditHead? anchorHead = null)
    {
        var verifier = new AuditLedgerVerifier(heads);
        foreach (var anchor in anchors)
        {
            verifier.AcceptAnchor(anchor);
        }

        verifier.CompleteAnchors(anchorHead ?? (anchors.Count == 0 ? AuditHead.Empty : anchors[^1].ToHead()));
        foreach (var entry in entries)
        {
            verifier.Accept(entry);
        }

        return verifier.Complete();
    }
}
