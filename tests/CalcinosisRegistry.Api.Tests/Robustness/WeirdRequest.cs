namespace CalcinosisRegistry.Api.Tests.Robustness;

/// <summary>
/// One odd request of the no-5xx sweep: a name (the theory's case), and how to make the request for a fresh site,
/// with the client at hand in case the request needs a stored case first.
/// </summary>
public sealed record WeirdRequest(string Name, Func<HttpClient, string, Task<HttpRequestMessage>> Build)
{
    public override string ToString() => Name;
}
