namespace CalcinosisRegistry.Interchange.Csv;

/// <summary>
/// One file of a CSV bundle. Rows of <c>cases.csv</c> are case documents; every other file's rows are items of an
/// array (<see cref="JsonArray"/>) of the case named by <c>case_id</c>, or, when <see cref="OwnerKey"/> is set, of
/// the lesion or course of that case whose id the row's <see cref="OwnerKey"/> column names.
/// </summary>
public sealed record CsvBundleFile(
    string Name,
    string? JsonArray,
    string? OwnerKey,
    string? OwnerArray,
    IReadOnlyList<CsvColumn> Columns)
{
    public CsvColumn? Column(string name) => Columns.FirstOrDefault(column => column.Name == name);
}
