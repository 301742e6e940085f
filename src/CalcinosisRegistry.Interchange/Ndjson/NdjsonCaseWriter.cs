using System.Text.Json;
using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Interchange.Ndjson;

/// <summary>NDJSON: one case document per line, in the contract's JSON, each line ending with <c>\n</c>.</summary>
public static class NdjsonCaseWriter
{
    public const string MediaType = "application/x-ndjson";

    public static async Task WriteAsync(Stream output, CaseDocument document, CancellationToken cancellationToken)
    {
        await JsonSerializer.SerializeAsync(output, document, CaseJson.Options, cancellationToken);
        output.WriteByte((byte)'\n');
    }
}
