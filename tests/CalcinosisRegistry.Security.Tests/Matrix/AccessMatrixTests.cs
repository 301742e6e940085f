using System.Net;
using CalcinosisRegistry.Security.Tests.Infrastructure;

namespace CalcinosisRegistry.Security.Tests.Matrix;

/// <summary>
/// Every route × every caller: the exact status (401 without valid credentials, 403 for a role the route does not
/// admit, 404/403 for a researcher of another site, the route's own success otherwise), a problem document on every
/// refusal, and exactly one audit entry for the attempt with the caller, the outcome and the status.
/// </summary>
[TestCaseOrderer(RunLastOrderer.TypeName, RunLastOrderer.AssemblyName)]
public sealed class AccessMatrixTests(SecuredRegistry registry) : IClassFixture<SecuredRegistry>
{
    [Theory]
    [MemberData(nameof(MatrixRoutes.RouteAndCaller), MemberType = typeof(MatrixRoutes))]
    public async Task EveryRouteAnswersEveryCallerExactlyAndIsAudited(string routeName, Caller caller)
    {
        var route = MatrixRoutes.Named(routeName);
        var attempt = await route.PrepareAsync(registry);
        var expected = route.ExpectedStatusFor(caller);
        var context = $"{routeName} as {caller}";

        var cursor = await registry.AuditCursorAsync();
        using var response = await registry.SendAsync(caller, attempt.Request);

        await response.AssertStatusAsync(expected, context);
        if ((int)expected >= 400)
        {
            await response.AssertProblemDocumentAsync(context);
        }

        var entries = await registry.AuditAsync($"after={cursor}&action={route.AuditAction}");
        var entry = Assert.Single(entries);
        var (actor, role) = SecuredRegistry.AuditIdentityOf(caller);
        Assert.Equal((actor, role), (entry.Actor, entry.Role));
        Assert.Equal((int)expected, entry.Status);
        Assert.Equal(OutcomeOf(expected), entry.Outcome);
        Assert.Equal(attempt.SiteId, entry.SiteId);
        Assert.Equal(attempt.CaseId, entry.CaseId);
    }

    /// <summary>After the whole matrix (hundreds of refusals and admissions) the hash chain still verifies.</summary>
    [Fact]
    [RunLast]
    public async Task AuditChainIsIntactAfterTheMatrix()
    {
        var verification = await registry.ExpectAsync(HttpStatusCode.OK, Caller.Admin, HttpMethod.Get, "/api/admin/audit/verify");
        Assert.True(verification.GetProperty("intact").GetBoolean(), $"The audit chain is broken: {verification}");
        var matrixAttempts = MatrixRoutes.All.Count * Enum.GetValues<Caller>().Length;
        Assert.True(verification.GetProperty("entriesChecked").GetInt64() > matrixAttempts,
            $"The audit trail has fewer entries than the matrix made attempts ({matrixAttempts}): {verification}");
    }

    private static string OutcomeOf(HttpStatusCode status) => (int)status switch
    {
        < 300 => "allowed",
        401 => "unauthenticated",
        403 => "denied",
        404 => "not-found",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}
