using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CalcinosisRegistry.Domain.Validation;
using CsvHelper;
using CsvHelper.Configuration;

namespace CalcinosisRegistry.Interchange.Csv;

/// <summary>
/// Reads a CSV bundle into case documents and validates each with the API's own validator. The rows of a case are
/// assembled into the contract's JSON (each cell typed by its column), so the validator judges exactly what a PUT
/// of that JSON would carry, and every fault it reports at a JSON path is traced back to the file, row and column
/// the value came from.
/// </summary>
/// <remarks>
/// The seven files are joined by case id without holding the bundle: each row is spilled to a scratch file in the
/// chunk of its case's ordinal in cases.csv (<see cref="CaseRowSpill"/>), and the cases are then assembled and
/// validated a chunk at a time, in cases.csv order. Memory holds 16 bytes and a row number per case id (to join and
/// to find duplicates) and one chunk of cases.
/// </remarks>
public sealed class CsvBundleReader
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly List<ImportFault> _bundleFaults = [];
    private readonly Dictionary<UInt128, int> _ordinals = [];
    // Each case's row in cases.csv, by ordinal: where the duplicate of a case id points.
    private readonly List<int> _caseRows = [];
    private readonly CsvColumn[]?[] _columns = new CsvColumn[CsvBundleLayout.Files.Count][];
    private readonly CaseRowSpill _spill;

    private CsvBundleReader(string scratchDirectory) => _spill = new CaseRowSpill(scratchDirectory);

    /// <summary>
    /// Reads the bundle and spills its rows to <paramref name="scratchDirectory"/>; the cases are validated as the
    /// result's <see cref="CsvBundleReadResult.Cases"/> are enumerated. <see cref="CsvBundleReadResult.BundleFaults"/>
    /// lists what makes the upload unusable as a whole (a missing file, an unknown column, bad encoding, a row for an
    /// unknown case, a duplicate case id); each case carries its own faults. Dispose the result to free the spill.
    /// </summary>
    public static CsvBundleReadResult Read(ICaseBundleSource source, int currentYear, string? scratchDirectory = null)
    {
        var reader = new CsvBundleReader(scratchDirectory ?? Path.GetTempPath());
        try
        {
            reader.CheckFileNames(source);
            for (var index = 0; index < CsvBundleLayout.Files.Count; index++)
            {
                if (source.FileNames.Contains(CsvBundleLayout.Files[index].Name))
                {
                    using var stream = source.Open(CsvBundleLayout.Files[index].Name);
                    reader.ReadFile(index, stream);
                }
            }
        }
        catch
        {
            reader._spill.Dispose();
            throw;
        }

        return new CsvBundleReadResult(reader._bundleFaults, reader.Validated(currentYear), reader._spill);
    }

    /// <summary>
    /// The cases, a chunk at a time: its rows read back from the spill, then each case assembled and validated on
    /// every core (order kept), so only a chunk of cases is held at once.
    /// </summary>
    private IEnumerable<ImportedCase> Validated(int currentYear)
    {
        for (var chunk = 0; chunk < _spill.ChunkCount; chunk++)
        {
            var first = chunk * CaseRowSpill.CasesPerChunk;
            var cases = new CaseRows[Math.Min(CaseRowSpill.CasesPerChunk, _caseRows.Count - first)];
            var caseIdIndex = CaseIdIndex(0);
            foreach (var row in _spill.Read(chunk))
            {
                if (row.FileIndex == 0)
                {
                    cases[row.Ordinal - first] = new CaseRows(row.Cells[caseIdIndex], row.Row, _columns[0]!, row.Cells);
                }
                else
                {
                    cases[row.Ordinal - first].Add(row.FileIndex, _columns[row.FileIndex]!, row.Cells, row.Row);
                }
            }

            foreach (var imported in cases.AsParallel().AsOrdered().Select(rows => rows.Validate(currentYear)).ToList())
            {
                yield return imported;
            }
        }
    }

    private int CaseIdIndex(int fileIndex) => Array.FindIndex(_columns[fileIndex]!, column => column.Name == CsvBundleLayout.CaseIdColumn);

    private void CheckFileNames(ICaseBundleSource source)
    {
        var expected = CsvBundleLayout.Files.Select(file => file.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var missing in expected.Where(name => !source.FileNames.Contains(name)))
        {
            _bundleFaults.Add(new ImportFault(null, $"the bundle has no {missing} (a bundle has {string.Join(", ", expected)}; `calcreg template` writes an empty one)", File: missing));
        }

        foreach (var unknown in source.FileNames.Where(name => !expected.Contains(name) && name != CsvBundleLayout.DataDictionaryFile))
        {
            _bundleFaults.Add(new ImportFault(null, $"{unknown} is not a file of a case bundle", File: unknown));
        }
    }

    private void ReadFile(int fileIndex, Stream stream)
    {
        var file = CsvBundleLayout.Files[fileIndex];
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = false,
            BadDataFound = args => _bundleFaults.Add(new ImportFault(null,
                "a quote inside an unquoted field (RFC 4180: quote the whole field and double the quote)",
                File: file.Name, Row: args.Context.Parser?.Row)),
        };
        using var text = new StreamReader(stream, StrictUtf8, detectEncodingFromByteOrderMarks: true);
        using var parser = new CsvParser(text, configuration);
        try
        {
            if (!parser.Read())
            {
                _bundleFaults.Add(new ImportFault(null, "the file is empty: it needs at least its header row", File: file.Name, Row: 1));
                return;
            }

            var header = parser.Record ?? [];
            if (ReadHeader(file, header) is not { } columns)
            {
                return;
            }

            _columns[fileIndex] = columns;
            var caseIdIndex = CaseIdIndex(fileIndex);
            while (parser.Read())
            {
                var record = parser.Record ?? [];
                if (record.Length != header.Length)
                {
                    _bundleFaults.Add(new ImportFault(null,
                        $"the row has {record.Length} fields but the header has {header.Length}", File: file.Name, Row: parser.Row));
                    continue;
                }

                ReadRow(fileIndex, record[caseIdIndex], record, parser.Row);
            }
        }
        catch (DecoderFallbackException)
        {
            // Text is decoded a buffer ahead of the parser, so the row is not known: the file is named alone.
            _bundleFaults.Add(new ImportFault(null, "the file is not valid UTF-8 (save it as CSV UTF-8)", File: file.Name));
        }
    }

    /// <summary>The column of each header position, or null (with faults) when the header has unknown, repeated or missing columns.</summary>
    private CsvColumn[]? ReadHeader(CsvBundleFile file, string[] header)
    {
        var faults = _bundleFaults.Count;
        var columns = new CsvColumn[header.Length];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim();
            if (file.Column(name) is not { } column)
            {
                _bundleFaults.Add(new ImportFault(null,
                    $"unknown column '{name}' (the columns of {file.Name} are {string.Join(", ", file.Columns.Select(c => c.Name))})",
                    File: file.Name, Row: 1, Column: name));
                continue;
            }

            if (!seen.Add(name))
            {
                _bundleFaults.Add(new ImportFault(null, $"column '{name}' appears twice", File: file.Name, Row: 1, Column: name));
            }

            columns[i] = column;
        }

        foreach (var missing in file.Columns.Where(column => column.Required && !seen.Contains(column.Name)))
        {
            _bundleFaults.Add(new ImportFault(null, $"required column '{missing.Name}' is missing", File: file.Name, Row: 1, Column: missing.Name));
        }

        return _bundleFaults.Count == faults ? columns : null;
    }

    private void ReadRow(int fileIndex, string caseId, string[] record, int row)
    {
        var identity = CaseIdentity.Of(caseId);
        if (fileIndex == 0)
        {
            if (_ordinals.TryGetValue(identity, out var first))
            {
                _bundleFaults.Add(new ImportFault(caseId, $"case '{caseId}' is listed twice (first at row {_caseRows[first]})",
                    File: CsvBundleLayout.Cases.Name, Row: row, Column: CsvBundleLayout.CaseIdColumn));
                return;
            }

            _ordinals[identity] = _caseRows.Count;
            _spill.Append(new SpilledRow(_caseRows.Count, fileIndex, row, record));
            _caseRows.Add(row);
            return;
        }

        if (!_ordinals.TryGetValue(identity, out var ordinal))
        {
            _bundleFaults.Add(new ImportFault(null, $"case '{caseId}' is not in cases.csv",
                File: CsvBundleLayout.Files[fileIndex].Name, Row: row, Column: CsvBundleLayout.CaseIdColumn));
            return;
        }

        _spill.Append(new SpilledRow(ordinal, fileIndex, row, record));
    }

    /// <summary>A row's cells as properties: an empty cell is absent; a cell that is not of its column's type goes in as text, for the validator to name.</summary>
    private static void WriteCells(Utf8JsonWriter writer, CsvColumn[] columns, string[] record)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            if (columns[i].JsonName is { } name)
            {
                WriteCell(writer, name, columns[i], record[i]);
            }
        }
    }

    private static void WriteCell(Utf8JsonWriter writer, string name, CsvColumn column, string cell)
    {
        var text = cell.Trim();
        if (text.Length == 0 && column.Kind != CsvColumnKind.Text)
        {
            return;
        }

        switch (column.Kind)
        {
            case CsvColumnKind.WholeNumber or CsvColumnKind.Number
                when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number):
                writer.WriteNumber(name, number);
                break;
            case CsvColumnKind.Boolean when bool.TryParse(text, out var flag):
                writer.WriteBoolean(name, flag);
                break;
            case CsvColumnKind.CodeList or CsvColumnKind.IdentifierList:
                writer.WriteStartArray(name);
                foreach (var entry in text.Split(CsvBundleLayout.ListSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    writer.WriteStringValue(entry);
                }

                writer.WriteEndArray();
                break;
            case CsvColumnKind.Text:
                if (cell.Length > 0)
                {
                    writer.WriteString(name, cell);
                }

                break;
            default:
                writer.WriteString(name, text);
                break;
        }
    }

    /// <summary>The rows of one case, assembled into its JSON (when validated), with where each item came from.</summary>
    private sealed class CaseRows(string caseId, int row, CsvColumn[] caseColumns, string[] caseCells)
    {
        private readonly List<(int FileIndex, CsvColumn[] Columns, string[] Record, int Row)> _rows = [];
        // Each object of the document (the case, a lesion, an observation...) with its JSON path and source row.
        private readonly List<(string Path, CsvBundleFile File, int Row)> _origins = [("$", CsvBundleLayout.Cases, row)];
        private readonly List<ImportFault> _faults = [];

        public void Add(int fileIndex, CsvColumn[] columns, string[] record, int sourceRow) => _rows.Add((fileIndex, columns, record, sourceRow));

        public ImportedCase Validate(int currentYear)
        {
            var json = new ArrayBufferWriter<byte>(4096);
            using (var writer = new Utf8JsonWriter(json))
            {
                Write(writer);
            }

            var validation = CaseDocumentValidator.Validate(json.WrittenSpan, currentYear);
            var faults = new List<ImportFault>(_faults);
            faults.AddRange(validation.Errors.Select(Locate));
            return faults.Count == 0
                ? new ImportedCase(caseId, validation.Document, validation.Warnings, [])
                : new ImportedCase(caseId, null, [], faults);
        }

        /// <summary>
        /// The case's JSON written straight from its cells: the arrays of the case (lesions, treatments...) in the
        /// layout's order, each item's own arrays (observations, assessments) under the first item with the id its
        /// rows name; a row naming no such item is a fault of the case.
        /// </summary>
        private void Write(Utf8JsonWriter writer)
        {
            var files = CsvBundleLayout.Files;
            var rows = files.Select(_ => new List<(CsvColumn[] Columns, string[] Record, int Row)>()).ToArray();
            foreach (var (fileIndex, columns, record, sourceRow) in _rows)
            {
                rows[fileIndex].Add((columns, record, sourceRow));
            }

            // The rows each owned file puts under each item of its owner's array, by the item's index.
            var owned = new Dictionary<(int File, int Owner), List<(CsvColumn[] Columns, string[] Record, int Row)>>();
            for (var f = 0; f < files.Count; f++)
            {
                if (files[f].OwnerKey is not { } ownerKey)
                {
                    continue;
                }

                var ownerFile = OwnerFileOf(ownerKey);
                var firstWithId = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < rows[ownerFile].Count; i++)
                {
                    var (columns, record, _) = rows[ownerFile][i];
                    if (record[Array.FindIndex(columns, column => column.Name == ownerKey)].Trim() is { Length: > 0 } id)
                    {
                        // The first item with an id owns it; a duplicate is the validator's to report.
                        firstWithId.TryAdd(id, i);
                    }
                }

                foreach (var item in rows[f])
                {
                    var ownerId = item.Record[Array.FindIndex(item.Columns, column => column.Name == ownerKey)].Trim();
                    if (!firstWithId.TryGetValue(ownerId, out var owner))
                    {
                        var kind = ownerKey == CsvBundleLayout.LesionIdColumn ? "lesion" : "treatment course";
                        _faults.Add(new ImportFault(caseId, $"case '{caseId}' has no {kind} '{ownerId}'",
                            File: files[f].Name, Row: item.Row, Column: ownerKey));
                        continue;
                    }

                    if (!owned.TryGetValue((f, owner), out var list))
                    {
                        owned[(f, owner)] = list = [];
                    }

                    list.Add(item);
                }
            }

            writer.WriteStartObject();
            WriteCells(writer, caseColumns, caseCells);
            for (var f = 0; f < files.Count; f++)
            {
                if (files[f].JsonArray is not { } arrayName || rows[f].Count == 0)
                {
                    continue;
                }

                writer.WriteStartArray(arrayName);
                for (var i = 0; i < rows[f].Count; i++)
                {
                    var path = $"$.{arrayName}[{i}]";
                    _origins.Add((path, files[f], rows[f][i].Row));
                    writer.WriteStartObject();
                    WriteCells(writer, rows[f][i].Columns, rows[f][i].Record);
                    for (var g = 0; g < files.Count; g++)
                    {
                        if (files[g].OwnerKey is { } key && OwnerFileOf(key) == f && owned.TryGetValue((g, i), out var items))
                        {
                            writer.WriteStartArray(files[g].OwnerArray!);
                            for (var j = 0; j < items.Count; j++)
                            {
                                _origins.Add(($"{path}.{files[g].OwnerArray}[{j}]", files[g], items[j].Row));
                                writer.WriteStartObject();
                                WriteCells(writer, items[j].Columns, items[j].Record);
                                writer.WriteEndObject();
                            }

                            writer.WriteEndArray();
                        }
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        private static int OwnerFileOf(string ownerKey)
        {
            var ownerArray = CsvBundleItems.OwnerOf(ownerKey).Array;
            return CsvBundleLayout.Files.ToList().FindIndex(file => file.JsonArray == ownerArray);
        }

        /// <summary>The row of the innermost object containing the error's path, and the column of the property it names.</summary>
        private ImportFault Locate(ValidationError error)
        {
            var origin = _origins[0];
            foreach (var candidate in _origins)
            {
                if ((error.Path == candidate.Path || error.Path.StartsWith(candidate.Path + ".", StringComparison.Ordinal)
                        || error.Path.StartsWith(candidate.Path + "[", StringComparison.Ordinal))
                    && candidate.Path.Length >= origin.Path.Length)
                {
                    origin = candidate;
                }
            }

            string? column = null;
            if (error.Path.Length > origin.Path.Length + 1 && error.Path[origin.Path.Length] == '.')
            {
                var rest = error.Path[(origin.Path.Length + 1)..];
                var property = rest[..(rest.IndexOfAny(['.', '[']) is var end and >= 0 ? end : rest.Length)];
                column = origin.File.Columns.FirstOrDefault(c => c.JsonName == property)?.Name
                    ?? CsvBundleLayout.Files.SelectMany(f => f.Columns).FirstOrDefault(c => c.JsonName == property)?.Name;
            }

            return new ImportFault(caseId, error.Message, File: origin.File.Name, Row: origin.Row, Column: column, JsonPath: error.Path);
        }
    }
}
