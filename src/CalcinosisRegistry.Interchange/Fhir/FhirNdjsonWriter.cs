using System.Text.Json;
using CalcinosisRegistry.Domain.Cases;
using Hl7.Fhir.Serialization;

namespace CalcinosisRegistry.Interchange.Fhir;

/// <summary>FHIR NDJSON: one case's Bundle (type collection) per line, in FHIR's JSON.</summary>
public static class FhirNdjsonWriter
{
    public const string MediaType = "application/fhir+ndjson";

    private static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ForFhir();

    public static async Task WriteAsync(Stream output, string siteId, CaseDocument document, CancellationToken cancellationToken)
    {
        await JsonSerializer.SerializeAsync(output, FhirCaseMapper.ToBundle(siteId, document), Options, cancellationToken);
        output.WriteByte((byte)'\n');
    }

    public static string Serialize(string siteId, CaseDocument document) =>
        JsonSerializer.Serialize(FhirCaseMapper.ToBundle(siteId, document), Options);
}
