using CalcinosisRegistry.Domain.Audit;

namespace CalcinosisRegistry.Domain.Tests.Audit;

public sealed class AuditChainTests
{
    [Fact]
    public void A_chain_built_by_Append_verifies_against_its_head()
    {
        var chain = SampleAuditEvents.Chain(20);

        var verification = AuditChain.Verify(chain, chain[^1].ToHead());

        Assert.Equal(new AuditVerification(true, 20, null, null), verification);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), chain.Select(entry => entry.Sequence));
        Assert.Equal(AuditChain.GenesisHash, chain[0].PreviousHash);
        Assert.All(chain.Skip(1).Zip(chain), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
    }

    /// <summary>
    /// Known answers worked out independently (Python's hashlib over the documented encoding): without a token id the
    /// hash is the original v1 one, so chains written before token ids still verify; with one, it is hashed too.
    /// </summary>
    [Theory]
    [InlineData(null, "b9450d31ab12eac542b2ed0c05232ef2d1926c3ee76b944215b366beecf333be")]
    [InlineData("k3x9", "e1500ac4b79ed8d6f19bdfa54cfe7156edf2eb4235cd5624aec6e7044054ee53")]
    public void The_token_id_is_hashed_only_when_present(string? tokenId, string expectedHash)
    {
        var e = new AuditEvent(new DateTimeOffset(2026, 3, 1, 9, 15, 2, TimeSpan.Zero), "ana", "Analyst", "statistics.read",
            null, null, null, null, "allowed", 200, null, tokenId);

        Assert.Equal(expectedHash, AuditChain.Append(null, e).Hash);
    }

    [Fact]
    public void An_empty_log_verifies_against_the_empty_head()
    {
        Assert.True(AuditChain.Verify([], AuditHead.Empty).Intact);
        Assert.Equal(new string('0', 64), AuditChain.GenesisHash);
    }

    [Fact]
    public void The_hash_is_lower_case_sha256_hex_and_deterministic()
    {
        var e = SampleAuditEvents.Event(1);

        var hash = AuditChain.ComputeHash(1, e, AuditChain.GenesisHash);

        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, AuditChain.ComputeHash(1, e with { }, AuditChain.GenesisHash));
        Assert.NotEqual(hash, AuditChain.ComputeHash(2, e, AuditChain.GenesisHash));
    }

    [Fact]
    public void Field_boundaries_and_null_versus_empty_are_unambiguous()
    {
        var e = SampleAuditEvents.Event(1);

        Assert.NotEqual(
            AuditChain.ComputeHash(1, e with { Actor = "ab", Role = "c" }, AuditChain.GenesisHash),
            AuditChain.ComputeHash(1, e with { Actor = "a", Role = "bc" }, AuditChain.GenesisHash));
        Assert.NotEqual(
            AuditChain.ComputeHash(1, e with { SiteId = null }, AuditChain.GenesisHash),
            AuditChain.ComputeHash(1, e with { SiteId = "" }, AuditChain.GenesisHash));
        Assert.NotEqual(
            AuditChain.ComputeHash(1, e with { SiteId = "x", CaseId = null }, AuditChain.GenesisHash),
            AuditChain.ComputeHash(1, e with { SiteId = null, CaseId = "x" }, AuditChain.GenesisHash));
        Assert.NotEqual(
            AuditChain.ComputeHash(1, e with { VersionBefore = 1, VersionAfter = null }, AuditChain.GenesisHash),
            AuditChain.ComputeHash(1, e with { VersionBefore = null, VersionAfter = 1 }, AuditChain.GenesisHash));
    }

    [Fact]
    public void Append_stores_time_in_utc_with_microsecond_precision_and_the_same_instant_hashes_alike()
    {
        var local = new DateTimeOffset(2026, 3, 1, 11, 15, 2, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var e = SampleAuditEvents.Event(1) with { At = local };

        var entry = AuditChain.Append(null, e);

        Assert.Equal(TimeSpan.Zero, entry.Event.At.Offset);
        Assert.Equal(local.UtcTicks - 7, entry.Event.At.UtcTicks);
        Assert.Equal("2026-03-01T09:15:02.123456Z", AuditChain.FormatTimestamp(entry.Event.At));
        Assert.Equal(entry.Hash, AuditChain.Append(null, e with { At = local.ToUniversalTime() }).Hash);
    }

    [Fact]
    public void Append_replaces_text_that_PostgreSQL_cannot_store()
    {
        var entry = AuditChain.Append(null, SampleAuditEvents.Event(1) with { Detail = "a\0b\uD800c", Actor = "x\uD83D\uDE00" });

        Assert.Equal("a\uFFFDb\uFFFDc", entry.Event.Detail);
        Assert.Equal("x\uD83D\uDE00", entry.Event.Actor);
        Assert.True(AuditChain.Verify([entry], entry.ToHead()).Intact);
    }

    [Fact]
    public void Append_refuses_an_event_without_an_actor()
    {
        Assert.Throws<ArgumentException>(() => AuditChain.Append(null, SampleAuditEvents.Event(1) with { Actor = null! }));
    }

    public static TheoryData<string> Fields() => new()
    {
        "At", "Actor", "Role", "Action", "SiteId", "CaseId", "VersionBefore", "VersionAfter", "Outcome", "Status",
        "Detail", "TokenId", "Sequence", "PreviousHash", "Hash",
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void Changing_any_single_field_of_any_entry_is_detected_at_that_entry(string field)
    {
        var original = SampleAuditEvents.Chain(8);
        for (var index = 0; index < original.Count; index++)
        {
            var chain = original.ToList();
            chain[index] = Tamper(chain[index], field);

            var verification = AuditChain.Verify(chain, original[^1].ToHead());

            Assert.False(verification.Intact, $"{field} of entry {index + 1}");
            Assert.NotNull(verification.Problem);
            Assert.Equal(index + 1, verification.FirstBadSequence);
        }
    }

    [Fact]
    public void A_modified_entry_whose_hash_was_recomputed_breaks_the_link_of_the_next_one()
    {
        var chain = SampleAuditEvents.Chain(6);
        var forged = chain[2].Event with { Actor = "mallory" };
        chain[2] = chain[2] with { Event = forged, Hash = AuditChain.ComputeHash(3, forged, chain[2].PreviousHash) };

        var verification = AuditChain.Verify(chain, chain[^1].ToHead());

        Assert.Equal(4, verification.FirstBadSequence);
    }

    [Fact]
    public void Removing_a_middle_entry_is_detected_at_the_missing_sequence()
    {
        var chain = SampleAuditEvents.Chain(6);
        var head = chain[^1].ToHead();
        chain.RemoveAt(2);

        var verification = AuditChain.Verify(chain, head);

        Assert.False(verification.Intact);
        Assert.Equal(3, verification.FirstBadSequence);
        Assert.Contains("missing", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Removing_and_renumbering_is_detected_by_the_broken_link()
    {
        var chain = SampleAuditEvents.Chain(6);
        var head = chain[^1].ToHead();
        chain.RemoveAt(2);
        // The forger closes the gap: every later entry is renumbered (and re-hashed, which needs no secret).
        for (var index = 2; index < chain.Count; index++)
        {
            var entry = chain[index];
            chain[index] = entry with { Sequence = index + 1, Hash = AuditChain.ComputeHash(index + 1, entry.Event, entry.PreviousHash) };
        }

        var verification = AuditChain.Verify(chain, head);

        Assert.Equal(3, verification.FirstBadSequence);
    }

    [Fact]
    public void Inserting_an_entry_is_detected()
    {
        var chain = SampleAuditEvents.Chain(6);
        var head = chain[^1].ToHead();
        // A well-formed entry claiming to follow entry 3, slipped in before the real entry 4.
        var forged = AuditChain.Append(chain[2], SampleAuditEvents.Event(99));
        chain.Insert(3, forged);
        for (var index = 4; index < chain.Count; index++)
        {
            chain[index] = chain[index] with { Sequence = index + 1 };
        }

        var verification = AuditChain.Verify(chain, head);

        Assert.False(verification.Intact);
        // Entry 4 (the forgery) is internally consistent; the original entry 4, now numbered 5, no longer hashes.
        Assert.Equal(5, verification.FirstBadSequence);
    }

    [Fact]
    public void A_duplicated_sequence_is_detected_at_the_duplicate()
    {
        var chain = SampleAuditEvents.Chain(6);
        chain.Insert(3, chain[2] with { Event = SampleAuditEvents.Event(50) });

        var verification = AuditChain.Verify(chain, chain[^1].ToHead());

        Assert.Equal(3, verification.FirstBadSequence);
        Assert.Equal(4, verification.EntriesChecked);
    }

    [Fact]
    public void Reordering_two_entries_is_detected_at_the_first_position_out_of_place()
    {
        var chain = SampleAuditEvents.Chain(6);
        (chain[2], chain[3]) = (chain[3], chain[2]);

        var verification = AuditChain.Verify(chain, chain.MaxBy(entry => entry.Sequence)!.ToHead());

        Assert.False(verification.Intact);
        Assert.Equal(3, verification.FirstBadSequence);
    }

    [Fact]
    public void Reordering_with_renumbered_sequences_is_detected()
    {
        var chain = SampleAuditEvents.Chain(6);
        (chain[2], chain[3]) = (chain[3] with { Sequence = 3 }, chain[2] with { Sequence = 4 });

        var verification = AuditChain.Verify(chain, chain[^1].ToHead());

        Assert.Equal(3, verification.FirstBadSequence);
    }

    [Fact]
    public void Truncating_the_tail_is_detected_by_the_head_at_the_first_missing_sequence()
    {
        var chain = SampleAuditEvents.Chain(6);
        var head = chain[^1].ToHead();

        var withoutLastTwo = AuditChain.Verify(chain.Take(4), head);
        var withoutAny = AuditChain.Verify([], head);

        Assert.Equal(5, withoutLastTwo.FirstBadSequence);
        Assert.Contains("removed from the end", withoutLastTwo.Problem, StringComparison.Ordinal);
        Assert.Equal(1, withoutAny.FirstBadSequence);
        // Without the head a truncated chain is indistinguishable from a shorter one: that is why it is kept.
        Assert.True(AuditChain.Verify(chain.Take(4), null).Intact);
    }

    [Fact]
    public void Entries_beyond_the_head_are_detected()
    {
        var chain = SampleAuditEvents.Chain(6);
        var head = chain[^1].ToHead();
        chain.Add(AuditChain.Append(chain[^1], SampleAuditEvents.Event(7)));

        var verification = AuditChain.Verify(chain, head);

        Assert.Equal(7, verification.FirstBadSequence);
    }

    [Fact]
    public void A_head_with_the_right_sequence_but_another_hash_is_detected()
    {
        var chain = SampleAuditEvents.Chain(3);

        var verification = AuditChain.Verify(chain, new AuditHead(3, chain[1].Hash));

        Assert.False(verification.Intact);
        Assert.Equal(3, verification.FirstBadSequence);
    }

    private static AuditEntry Tamper(AuditEntry entry, string field)
    {
        var e = entry.Event;
        return field switch
        {
            "At" => entry with { Event = e with { At = e.At.AddTicks(10) } },
            "Actor" => entry with { Event = e with { Actor = e.Actor + "x" } },
            "Role" => entry with { Event = e with { Role = "admin" } },
            "Action" => entry with { Event = e with { Action = "case.withdraw" } },
            "SiteId" => entry with { Event = e with { SiteId = e.SiteId is null ? "" : null } },
            "CaseId" => entry with { Event = e with { CaseId = e.CaseId is null ? "X" : null } },
            "VersionBefore" => entry with { Event = e with { VersionBefore = e.VersionBefore is null ? 0 : null } },
            "VersionAfter" => entry with { Event = e with { VersionAfter = (e.VersionAfter ?? 0) + 1 } },
            "Outcome" => entry with { Event = e with { Outcome = e.Outcome == "allowed" ? "denied" : "allowed" } },
            "Status" => entry with { Event = e with { Status = e.Status is null ? 200 : null } },
            "Detail" => entry with { Event = e with { Detail = e.Detail is null ? "" : null } },
            "TokenId" => entry with { Event = e with { TokenId = e.TokenId is null ? "" : null } },
            "Sequence" => entry with { Sequence = entry.Sequence + 100 },
            "PreviousHash" => entry with { PreviousHash = FlipLastDigit(entry.PreviousHash) },
            "Hash" => entry with { Hash = FlipLastDigit(entry.Hash) },
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
        };
    }

    private static string FlipLastDigit(string hash) => hash[..^1] + (hash[^1] == '0' ? '1' : '0');
}
