using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Validation;
using CalcinosisRegistry.Grains.Tests.Infrastructure;

namespace CalcinosisRegistry.Grains.Tests;

/// <summary>Writing and reading one case through its grain: versions, ETags, safe retries and the audit trail.</summary>
public sealed class CaseLifecycleTests(SingleSiloClusterFixture fixture) : IClassFixture<SingleSiloClusterFixture>
{
    private RegistryCluster Registry => fixture.Registry;

    [Fact]
    public async Task Created_case_reads_back_as_sent_with_version_1_its_etag_its_warnings_and_one_create_in_history()
    {
        const string siteId = "lifecycle-create";
        var document = TestCases.MetastaticWithNormalMinerals("MAYO-0001");
        var expectedWarnings = TestCases.Validate(document).Warnings;

        var created = await Registry.PutAsync(siteId, document);
        var stored = await Registry.Case(siteId, "MAYO-0001").GetAsync();

        Assert.Equal(CaseWriteOutcome.Created, created.Outcome);
        Assert.NotNull(stored);
        Assert.Equal(created.Current!.ETag, stored.ETag);
        Assert.Equal(created.Current.DocumentJson, stored.DocumentJson);
        Assert.Equal(siteId, stored.SiteId);
        Assert.Equal("MAYO-0001", stored.CaseId);
        Assert.Equal(1, stored.Version);
        Assert.Equal("\"1\"", stored.ETag);
        Assert.True(
            JsonNode.DeepEquals(JsonSerializer.SerializeToNode(document, CaseJson.Options), JsonNode.Parse(stored.DocumentJson)),
            $"stored document differs from the one sent: {stored.DocumentJson}");
        Assert.Contains(stored.Warnings, warning => warning.Code == ValidationWarningCodes.MetastaticWithoutAbnormalMineral);
        Assert.Equal(expectedWarnings, stored.Warnings);

        var entry = Assert.Single(stored.History);
        Assert.Equal(1, entry.Version);
        Assert.Equal(CaseOperation.Create, entry.Operation);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stored.DocumentJson))), entry.Digest);
        Assert.Matches("^[0-9a-f]{64}$", entry.Digest);
    }

    [Fact]
    public async Task Get_of_a_case_never_written_returns_null()
    {
        Assert.Null(await Registry.Case("lifecycle-absent", "NOBODY").GetAsync());
    }

    [Fact]
    public async Task Retries_are_no_ops_and_a_replace_needs_the_current_etag()
    {
        const string siteId = "lifecycle-replace";
        const string caseId = "CASE-1";
        var original = TestCases.Dystrophic(caseId);
        var changed = original with { LastFollowUpDay = 900 };
        var changedAgain = original with { LastFollowUpDay = 1000 };
        await Registry.PutAsync(siteId, original);

        var retry = await Registry.PutAsync(siteId, original);
        Assert.Equal(CaseWriteOutcome.Unchanged, retry.Outcome);
        Assert.Equal(1, retry.Current!.Version);

        var withoutIfMatch = await Registry.PutAsync(siteId, changed);
        Assert.Equal(CaseWriteOutcome.PreconditionRequired, withoutIfMatch.Outcome);
        Assert.Equal(1, withoutIfMatch.Current!.Version);

        var replaced = await Registry.PutAsync(siteId, changed, ifMatch: "\"1\"");
        Assert.Equal(CaseWriteOutcome.Replaced, replaced.Outcome);
        Assert.Equal(2, replaced.Current!.Version);
        Assert.Equal("\"2\"", replaced.Current.ETag);

        var stale = await Registry.PutAsync(siteId, changedAgain, ifMatch: "\"1\"");
        Assert.Equal(CaseWriteOutcome.PreconditionFailed, stale.Outcome);
        var weak = await Registry.PutAsync(siteId, changedAgain, ifMatch: "W/\"2\"");
        Assert.Equal(CaseWriteOutcome.PreconditionFailed, weak.Outcome);

        var stored = await Registry.Case(siteId, caseId).GetAsync();
        Assert.NotNull(stored);
        Assert.Equal(2, stored.Version);
        Assert.Equal(900, CaseJson.Deserialize(stored.DocumentJson).LastFollowUpDay);
        Assert.Equal([CaseOperation.Create, CaseOperation.Replace], stored.History.Select(entry => entry.Operation));
        Assert.Equal([1, 2], stored.History.Select(entry => entry.Version));
        Assert.NotEqual(stored.History[0].Digest, stored.History[1].Digest);

        var retryOfReplace = await Registry.PutAsync(siteId, changed);
        Assert.Equal(CaseWriteOutcome.Unchanged, retryOfReplace.Outcome);
        Assert.Equal(2, retryOfReplace.Current!.Version);
    }

    /// <summary>
    /// A fresh activation stores a PUT without If-Match as a new case before reading anything; these are the PUTs
    /// where that guess is wrong, and each must be decided on what is stored, as if the grain had read it first.
    /// </summary>
    [Fact]
    public async Task Puts_to_a_stored_case_that_its_new_activation_has_not_read_are_decided_on_what_is_stored()
    {
        const string siteId = "lifecycle-unread";
        var original = TestCases.Dystrophic("CASE-U");
        await Registry.PutAsync(siteId, original);
        await DeactivateAsync(siteId, "CASE-U");

        var retry = await Registry.PutAsync(siteId, original);
        Assert.Equal(CaseWriteOutcome.Unchanged, retry.Outcome);
        Assert.Equal(1, retry.Current!.Version);

        await DeactivateAsync(siteId, "CASE-U");
        var withoutIfMatch = await Registry.PutAsync(siteId, original with { LastFollowUpDay = 700 });
        Assert.Equal(CaseWriteOutcome.PreconditionRequired, withoutIfMatch.Outcome);
        Assert.Equal(original.LastFollowUpDay, CaseJson.Deserialize(withoutIfMatch.Current!.DocumentJson).LastFollowUpDay);

        Assert.Equal(CaseWriteOutcome.Withdrawn, (await Registry.WithdrawAsync(siteId, "CASE-U", ifMatch: "\"1\"")).Outcome);
        await DeactivateAsync(siteId, "CASE-U");
        var recreated = await Registry.PutAsync(siteId, original);
        Assert.Equal(CaseWriteOutcome.Created, recreated.Outcome);
        Assert.Equal(3, recreated.Current!.Version);

        await DeactivateAsync(siteId, "CASE-U");
        var stored = await Registry.Case(siteId, "CASE-U").GetAsync();
        Assert.Equal(3, stored!.Version);
        Assert.Equal([CaseOperation.Create, CaseOperation.Withdraw, CaseOperation.Create], stored.History.Select(entry => entry.Operation));
        var listed = Assert.Single((await Registry.Site(siteId).ListAsync(null, 10)).Items);
        Assert.Equal(3, listed.Version);
    }

    [Fact]
    public async Task Concurrent_replaces_with_the_same_etag_let_exactly_one_writer_win()
    {
        const string siteId = "lifecycle-race";
        const string caseId = "CASE-RACE";
        await Registry.PutAsync(siteId, TestCases.Dystrophic(caseId));

        var writers = Enumerable.Range(0, 16)
            .Select(n => Registry.PutAsync(siteId, TestCases.Dystrophic(caseId) with { LastFollowUpDay = 800 + n }, ifMatch: "\"1\""));
        var outcomes = (await Task.WhenAll(writers)).Select(result => result.Outcome).ToList();

        Assert.Equal(1, outcomes.Count(outcome => outcome == CaseWriteOutcome.Replaced));
        Assert.Equal(15, outcomes.Count(outcome => outcome == CaseWriteOutcome.PreconditionFailed));
        Assert.Equal(2, (await Registry.Case(siteId, caseId).GetAsync())!.Version);
    }

    [Fact]
    public async Task Withdrawing_needs_the_current_etag_and_a_withdrawn_case_cannot_be_withdrawn_again()
    {
        const string siteId = "lifecycle-withdraw";
        const string caseId = "CASE-W";
        await Registry.PutAsync(siteId, TestCases.Dystrophic(caseId));

        Assert.Equal(CaseWriteOutcome.PreconditionRequired, (await Registry.WithdrawAsync(siteId, caseId, ifMatch: null)).Outcome);
        Assert.Equal(CaseWriteOutcome.PreconditionFailed, (await Registry.WithdrawAsync(siteId, caseId, ifMatch: "\"2\"")).Outcome);
        Assert.NotNull(await Registry.Case(siteId, caseId).GetAsync());

        Assert.Equal(CaseWriteOutcome.Withdrawn, (await Registry.WithdrawAsync(siteId, caseId, ifMatch: "\"1\"")).Outcome);
        Assert.Equal(CaseWriteOutcome.NotFound, (await Registry.WithdrawAsync(siteId, caseId, ifMatch: "\"2\"")).Outcome);
        Assert.Null(await Registry.Case(siteId, caseId).GetAsync());
    }

    [Fact]
    public async Task Site_listing_pages_by_case_id_with_a_continuation_and_the_total()
    {
        const string siteId = "lifecycle-paging";
        string[] caseIds = ["C-07", "C-03", "C-01", "C-05", "C-02", "C-06", "C-04"];
        await Task.WhenAll(caseIds.Select(caseId => Registry.PutAsync(siteId, TestCases.Dystrophic(caseId))));
        var site = Registry.Site(siteId);

        var first = await site.ListAsync(afterCaseId: null, limit: 3);
        var second = await site.ListAsync(first.NextAfter, limit: 3);
        var third = await site.ListAsync(second.NextAfter, limit: 3);

        Assert.Equal(["C-01", "C-02", "C-03"], first.Items.Select(item => item.CaseId));
        Assert.Equal("C-03", first.NextAfter);
        Assert.Equal(["C-04", "C-05", "C-06"], second.Items.Select(item => item.CaseId));
        Assert.Equal("C-06", second.NextAfter);
        Assert.Equal(["C-07"], third.Items.Select(item => item.CaseId));
        Assert.Null(third.NextAfter);
        Assert.All([first, second, third], page => Assert.Equal(7, page.Total));
        Assert.All(first.Items.Concat(second.Items).Concat(third.Items), item =>
        {
            Assert.Equal(1, item.Version);
            Assert.False(item.Withdrawn);
            Assert.Equal("dystrophic", item.CalcinosisType);
        });
    }

    [Fact]
    public async Task Site_listing_with_exactly_one_full_page_has_no_continuation()
    {
        const string siteId = "lifecycle-full-page";
        await Task.WhenAll(new[] { "A", "B", "C" }.Select(caseId => Registry.PutAsync(siteId, TestCases.Dystrophic(caseId))));

        var page = await Registry.Site(siteId).ListAsync(afterCaseId: null, limit: 3);

        Assert.Equal(["A", "B", "C"], page.Items.Select(item => item.CaseId));
        Assert.Null(page.NextAfter);
        Assert.Equal(3, page.Total);
    }

    private Task DeactivateAsync(string siteId, string caseId) => Registry.Cluster.DeactivateAsync(Registry.Case(siteId, caseId));
}
