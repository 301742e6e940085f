namespace CalcinosisRegistry.Interchange.Csv;

/// <summary>One bundle row as spilled to disk: the ordinal of its case in cases.csv, its file (index in the layout), its row and its cells.</summary>
internal readonly record struct SpilledRow(int Ordinal, int FileIndex, int Row, string[] Cells);
