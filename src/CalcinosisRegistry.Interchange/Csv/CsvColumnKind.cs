namespace CalcinosisRegistry.Interchange.Csv;

/// <summary>How a CSV cell is read into the case document's JSON and described in the data dictionary.</summary>
public enum CsvColumnKind
{
    Identifier,
    WholeNumber,
    Number,
    Boolean,
    Code,
    CodeList,
    IdentifierList,
    Text,
}
