using System.Text.RegularExpressions;
using CalcinosisRegistry.Api.Tests.Infrastructure;
using CalcinosisRegistry.Endpoints.Admin;
using CalcinosisRegistry.Endpoints.Auditing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CalcinosisRegistry.Api.Tests.Readme;

/// <summary>
/// docs/api.md documents the vocabularies a user filters the audit trail by, and the token lifetimes, exactly as
/// the running registry has them (issue 16, items 6 and 7): a new action or outcome cannot go undocumented.
/// </summary>
public sealed partial class ApiDocsTests(RegistryApiFactory factory) : IClassFixture<RegistryApiFactory>
{
    private static readonly string Docs = File.ReadAllText(RepositoryFiles.PathOf("docs", "api.md"));

    [Fact]
    public void Every_audit_action_the_registry_records_is_documented_and_no_other()
    {
        var recorded = AuditApi.KnownActions(factory.Services.GetRequiredService<EndpointDataSource>());
        var section = Docs[Docs.IndexOf("`action` (", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n\n", StringComparison.Ordinal)];
        var documented = ActionName().Matches(section).Select(match => match.Groups[1].Value).Order(StringComparer.Ordinal);

        Assert.Equal(recorded, documented);
    }

    [Fact]
    public void Every_audit_outcome_is_documented()
    {
        foreach (var outcome in AuditOutcomes.All)
        {
            Assert.Contains($"| `{outcome}` |", Docs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Token_lifetimes_are_documented_as_the_api_enforces_them()
    {
        Assert.Contains($"default {AccessApi.DefaultTokenDays} days, maximum {AccessApi.MaxTokenDays} days", Docs, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"`([a-z]+(?:\.[a-z-]+)+)`")]
    private static partial Regex ActionName();
}
