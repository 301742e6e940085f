namespace CalcinosisRegistry.Endpoints.OpenApi;

/// <summary>Endpoint metadata: a 200 may also be <c>text/csv</c> (declared beside the JSON one in the OpenAPI document).</summary>
public sealed record CsvAlternative(string Description);
