namespace CalcinosisRegistry.Contracts.Bulk;

/// <summary>One fault of a staged import (CSV: file, row, column; NDJSON: line; both: the JSON path when known).</summary>
[GenerateSerializer, Immutable, Alias("calcinosis.ImportFaultEntry")]
public sealed record ImportFaultEntry(
    [property: Id(0)] string? CaseId,
    [property: Id(1)] string Message,
    [property: Id(2)] string? File,
    [property: Id(3)] int? Row,
    [property: Id(4)] string? Column,
    [property: Id(5)] long? Line,
    [property: Id(6)] string? JsonPath);
