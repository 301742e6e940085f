using System.IO.Compression;

namespace CalcinosisRegistry.Interchange;

/// <summary>
/// A CSV bundle as a zip archive, guarded against zip bombs: few entries, a bounded total expanded size and a bounded
/// compression ratio, checked on the declared sizes up front and again on the bytes actually inflated (a forged
/// header cannot lie its way past the limit).
/// </summary>
public sealed class ZipBundleSource : ICaseBundleSource, IDisposable
{
    public const int MaxEntries = 64;

    /// <summary>CSV of case data compresses about 5 to 15 times; 200 leaves room and still stops a bomb at once.</summary>
    public const double MaxCompressionRatio = 200;

    private readonly ZipArchive _archive;
    private readonly long _maxExpandedBytes;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.Ordinal);
    private long _expandedSoFar;

    public ZipBundleSource(Stream zip, long maxExpandedBytes)
    {
        _maxExpandedBytes = maxExpandedBytes;
        try
        {
            _archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException exception)
        {
            throw new UnsafeArchiveException($"the upload is not a readable zip archive ({exception.Message})");
        }

        var files = _archive.Entries.Where(entry => !entry.FullName.EndsWith('/')).ToList();
        if (files.Count > MaxEntries)
        {
            throw new UnsafeArchiveException($"the archive has {files.Count} files; a bundle has at most {MaxEntries}");
        }

        var declared = files.Sum(entry => entry.Length);
        if (declared > maxExpandedBytes)
        {
            throw new UnsafeArchiveException($"the archive expands to {declared} bytes, more than the limit of {maxExpandedBytes}");
        }

        foreach (var entry in files)
        {
            if (entry.Length > 0 && entry.Length > MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
            {
                throw new UnsafeArchiveException($"'{entry.FullName}' is compressed {entry.Length / Math.Max(1, entry.CompressedLength)} to 1, more than a CSV file ever is (a zip bomb?)");
            }

            // Bundles made by zipping a folder put the files under that folder's name: the base name is what counts.
            _entries.TryAdd(Path.GetFileName(entry.FullName), entry);
        }

        FileNames = _entries.Keys.ToList();
    }

    public IReadOnlyCollection<string> FileNames { get; }

    public Stream Open(string fileName) => new ExpansionLimitStream(_entries[fileName].Open(), this);

    public void Dispose() => _archive.Dispose();

    private void Count(int bytes)
    {
        _expandedSoFar += bytes;
        if (_expandedSoFar > _maxExpandedBytes)
        {
            throw new UnsafeArchiveException($"the archive expands to more than the limit of {_maxExpandedBytes} bytes");
        }
    }

    private sealed class ExpansionLimitStream(Stream inner, ZipBundleSource owner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            owner.Count(read);
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
