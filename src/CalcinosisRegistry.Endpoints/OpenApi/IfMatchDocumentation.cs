namespace CalcinosisRegistry.Endpoints.OpenApi;

/// <summary>Endpoint metadata: the route reads <c>If-Match</c> (declared in the OpenAPI document).</summary>
/// <param name="Required">Whether the route always needs it (a withdrawal), or only sometimes (a replacement).</param>
public sealed record IfMatchDocumentation(bool Required, string Description);
