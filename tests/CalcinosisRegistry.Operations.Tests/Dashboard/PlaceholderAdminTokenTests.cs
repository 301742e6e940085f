using CalcinosisRegistry.Operations.Tests.Infrastructure;

namespace CalcinosisRegistry.Operations.Tests.Dashboard;

/// <summary>Defect 5: compose and Kubernetes shipped a working admin token, "change-me-…". A placeholder must stop the start.</summary>
public sealed class PlaceholderAdminTokenTests
{
    [Theory]
    [InlineData("change-me-bootstrap-admin-token")]
    [InlineData("CHANGE-ME")]
    [InlineData(" change-me-before-use")]
    public void The_registry_refuses_to_start_with_a_placeholder_admin_token(string placeholder)
    {
        using var factory = new PlaceholderFactory(placeholder);

        var refusal = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var message = string.Join(" | ", Unwrap(refusal).Select(e => e.Message));
        Assert.Contains("Registry:BootstrapAdminToken is a placeholder", message);
    }

    [Fact]
    public async Task A_token_of_ones_own_starts_it()
    {
        using var factory = new PlaceholderFactory("a-secret-of-our-own-91c3b7e2");
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/health/live");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    private static IEnumerable<Exception> Unwrap(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Unwrap))
                {
                    yield return inner;
                }
            }
        }
    }

    private sealed class PlaceholderFactory(string token) : OperationsRegistryFactory
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["Registry:BootstrapAdminToken"] = token };
    }
}
