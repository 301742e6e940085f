namespace CalcinosisRegistry.Interchange;

/// <summary>
/// One reason an imported case, or the whole upload, was refused. A CSV bundle's fault names its
/// <see cref="File"/>, <see cref="Row"/> (1 = the header, as a spreadsheet numbers it) and <see cref="Column"/>; an
/// NDJSON fault its <see cref="Line"/>. <see cref="JsonPath"/> is where the validator found it in the case document.
/// A fault with no <see cref="CaseId"/> concerns the upload as a whole.
/// </summary>
public sealed record ImportFault(
    string? CaseId,
    string Message,
    string? File = null,
    int? Row = null,
    string? Column = null,
    long? Line = null,
    string? JsonPath = null);
