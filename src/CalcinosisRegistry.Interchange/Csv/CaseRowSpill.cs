using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace CalcinosisRegistry.Interchange.Csv;

/// <summary>
/// A CSV bundle's rows on disk, bucketed by their case's ordinal (a chunk of <see cref="CasesPerChunk"/> cases), so
/// the seven files can be joined by case id a chunk at a time: memory holds one small write buffer per chunk and
/// one chunk's rows, never the bundle. Rows keep their arrival order within a chunk.
/// </summary>
internal sealed class CaseRowSpill : IDisposable
{
    public const int CasesPerChunk = 1000;

    /// <summary>A chunk's buffered rows go to the file when they reach this size.</summary>
    private const int BlockBytes = 8 * 1024;

    private readonly SafeFileHandle _file;
    private readonly List<Chunk> _chunks = [];
    private long _length;

    public CaseRowSpill(string directory) => _file = ScratchFile.Open(directory, "csv-rows", asynchronous: false);

    public int ChunkCount => _chunks.Count;

    public void Append(in SpilledRow row)
    {
        var index = row.Ordinal / CasesPerChunk;
        while (_chunks.Count <= index)
        {
            _chunks.Add(new Chunk());
        }

        var chunk = _chunks[index];
        var size = 16 + row.Cells.Sum(cell => 4 + Encoding.UTF8.GetByteCount(cell));
        var span = chunk.Pending.GetSpan(size);
        BinaryPrimitives.WriteInt32LittleEndian(span, row.Ordinal);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], row.FileIndex);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], row.Row);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], row.Cells.Length);
        var at = 16;
        foreach (var cell in row.Cells)
        {
            var length = Encoding.UTF8.GetBytes(cell, span[(at + 4)..]);
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], length);
            at += 4 + length;
        }

        chunk.Pending.Advance(at);
        if (chunk.Pending.WrittenCount >= BlockBytes)
        {
            RandomAccess.Write(_file, chunk.Pending.WrittenSpan, _length);
            chunk.Blocks.Add((_length, chunk.Pending.WrittenCount));
            _length += chunk.Pending.WrittenCount;
            chunk.Pending.ResetWrittenCount();
        }
    }

    /// <summary>The rows of one chunk, in the order they were appended.</summary>
    public List<SpilledRow> Read(int chunkIndex)
    {
        var chunk = _chunks[chunkIndex];
        var bytes = new byte[chunk.Blocks.Sum(block => block.Length) + chunk.Pending.WrittenCount];
        var at = 0;
        foreach (var (offset, length) in chunk.Blocks)
        {
            var read = 0;
            while (read < length)
            {
                var n = RandomAccess.Read(_file, bytes.AsSpan(at + read, length - read), offset + read);
                read += n > 0 ? n : throw new EndOfStreamException("The bundle's spill file ended early.");
            }

            at += length;
        }

        chunk.Pending.WrittenSpan.CopyTo(bytes.AsSpan(at));
        var rows = new List<SpilledRow>();
        var span = bytes.AsSpan();
        while (!span.IsEmpty)
        {
            var cells = new string[BinaryPrimitives.ReadInt32LittleEndian(span[12..])];
            var position = 16;
            for (var i = 0; i < cells.Length; i++)
            {
                var length = BinaryPrimitives.ReadInt32LittleEndian(span[position..]);
                cells[i] = Encoding.UTF8.GetString(span.Slice(position + 4, length));
                position += 4 + length;
            }

            rows.Add(new SpilledRow(BinaryPrimitives.ReadInt32LittleEndian(span), BinaryPrimitives.ReadInt32LittleEndian(span[4..]),
                BinaryPrimitives.ReadInt32LittleEndian(span[8..]), cells));
            span = span[position..];
        }

        return rows;
    }

    public void Dispose() => _file.Dispose();

    private sealed class Chunk
    {
        public List<(long Offset, int Length)> Blocks { get; } = [];

        public ArrayBufferWriter<byte> Pending { get; } = new(BlockBytes * 2);
    }
}
