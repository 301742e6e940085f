using System.Text.Json;
using CalcinosisRegistry.Contracts.Bulk;
using CalcinosisRegistry.Interchange;
using Microsoft.Win32.SafeHandles;

namespace CalcinosisRegistry.Endpoints.Bulk;

/// <summary>
/// One import's staged cases and faults in two scratch files (deleted when disposed), with only each record's
/// offset, preview and outcome in memory: about 14 bytes a case, so a million-case import holds some 14 MB.
/// </summary>
internal sealed class ImportSpool : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Lock _gate = new();
    private readonly SafeFileHandle _cases;
    private readonly SafeFileHandle _faults;
    // Each record's start in its file; a record ends where the next begins (or at the file's length).
    private readonly List<long> _caseStarts = [];
    private readonly List<long> _faultStarts = [];
    private readonly List<ImportPreview> _previews = [];
    private readonly List<ImportOutcome> _outcomes = [];
    private readonly List<int> _versionsAfter = [];
    private long _casesLength;
    private long _faultsLength;
    private int _faultsWritten;

    public ImportSpool(DateTimeOffset expiresAt, string scratchDirectory)
    {
        ExpiresAt = expiresAt;
        _cases = ScratchFile.Open(scratchDirectory, "import-cases", asynchronous: true);
        _faults = ScratchFile.Open(scratchDirectory, "import-faults", asynchronous: true);
    }

    public DateTimeOffset ExpiresAt { get; }

    public async Task AppendAsync(IReadOnlyList<ImportCase> cases, int firstFault, IReadOnlyList<ImportFaultEntry> faults, CancellationToken cancellationToken)
    {
        var caseRecords = cases.Select(c => JsonSerializer.SerializeToUtf8Bytes(c, Json)).ToList();
        var faultRecords = faults.Select(f => JsonSerializer.SerializeToUtf8Bytes(f, Json)).ToList();
        long caseAt, faultAt;
        lock (_gate)
        {
            if (cases.Count > 0 && cases[0].Ordinal != _caseStarts.Count || firstFault != _faultStarts.Count)
            {
                throw new InvalidOperationException("Staged records must be appended in order.");
            }

            caseAt = _casesLength;
            faultAt = _faultsLength;
            _casesLength = Reserve(_caseStarts, caseRecords, caseAt);
            _faultsLength = Reserve(_faultStarts, faultRecords, faultAt);
        }

        await RandomAccess.WriteAsync(_cases, Concat(caseRecords), caseAt, cancellationToken);
        await RandomAccess.WriteAsync(_faults, Concat(faultRecords), faultAt, cancellationToken);
        lock (_gate)
        {
            // Only now are the records readable: a reader never sees an offset whose bytes are not written yet.
            _faultsWritten = _faultStarts.Count;
            foreach (var item in cases)
            {
                _previews.Add(item.Preview);
                _outcomes.Add(ImportOutcome.Pending);
                _versionsAfter.Add(0);
            }
        }
    }

    public async Task<IReadOnlyList<ImportCase>> ReadCasesAsync(int offset, int limit, CancellationToken cancellationToken)
    {
        int[] ordinals;
        lock (_gate)
        {
            ordinals = [.. Enumerable.Range(offset, Math.Max(0, Math.Min(limit, _previews.Count - offset)))];
        }

        return [.. (await ReadAsync(ordinals, cancellationToken)).Select(c => c with { DocumentJson = null })];
    }

    public async Task<IReadOnlyList<ImportFaultEntry>> ReadFaultsAsync(int offset, int limit, CancellationToken cancellationToken)
    {
        long start, end;
        int count;
        List<long> starts;
        lock (_gate)
        {
            count = Math.Max(0, Math.Min(limit, _faultsWritten - offset));
            if (count == 0)
            {
                return [];
            }

            starts = _faultStarts.GetRange(offset, count);
            start = starts[0];
            end = offset + count < _faultStarts.Count ? _faultStarts[offset + count] : _faultsLength;
        }

        var bytes = await ReadRangeAsync(_faults, start, end, cancellationToken);
        return [.. starts.Select((s, i) => JsonSerializer.Deserialize<ImportFaultEntry>(
            bytes.AsSpan((int)(s - start), (int)((i + 1 < starts.Count ? starts[i + 1] : end) - s)), Json)!)];
    }

    public Task<IReadOnlyList<ImportCase>> ReadPendingAsync(int afterOrdinal, int limit, CancellationToken cancellationToken)
    {
        var ordinals = new List<int>(limit);
        lock (_gate)
        {
            for (var i = afterOrdinal + 1; i < _previews.Count && ordinals.Count < limit; i++)
            {
                if (_previews[i] != ImportPreview.Refused && _outcomes[i] == ImportOutcome.Pending)
                {
                    ordinals.Add(i);
                }
            }
        }

        return ReadAsync([.. ordinals], cancellationToken);
    }

    public void RecordOutcomes(IReadOnlyList<ImportCase> written)
    {
        lock (_gate)
        {
            foreach (var item in written)
            {
                _outcomes[item.Ordinal] = item.Outcome;
                _versionsAfter[item.Ordinal] = item.VersionAfter ?? 0;
            }
        }
    }

    public ImportCounts CountOutcomes()
    {
        lock (_gate)
        {
            int Count(ImportOutcome outcome) => _outcomes.Count(o => o == outcome);
            return new ImportCounts(Created: Count(ImportOutcome.Created), Replaced: Count(ImportOutcome.Replaced),
                Unchanged: Count(ImportOutcome.Unchanged), ChangedSincePreview: Count(ImportOutcome.ChangedSincePreview),
                Pending: Count(ImportOutcome.Pending));
        }
    }

    public void Dispose()
    {
        _cases.Dispose();
        _faults.Dispose();
    }

    /// <summary>The cases at these ordinals (ascending), read in one span of the file, with their outcomes.</summary>
    private async Task<IReadOnlyList<ImportCase>> ReadAsync(int[] ordinals, CancellationToken cancellationToken)
    {
        if (ordinals.Length == 0)
        {
            return [];
        }

        long start, end;
        var spans = new (long Start, long End, ImportOutcome Outcome, int VersionAfter)[ordinals.Length];
        lock (_gate)
        {
            for (var i = 0; i < ordinals.Length; i++)
            {
                var ordinal = ordinals[i];
                spans[i] = (_caseStarts[ordinal], ordinal + 1 < _caseStarts.Count ? _caseStarts[ordinal + 1] : _casesLength,
                    _outcomes[ordinal], _versionsAfter[ordinal]);
            }

            start = spans[0].Start;
            end = spans[^1].End;
        }

        var bytes = await ReadRangeAsync(_cases, start, end, cancellationToken);
        return [.. spans.Select(span => JsonSerializer.Deserialize<ImportCase>(bytes.AsSpan((int)(span.Start - start), (int)(span.End - span.Start)), Json)! with
        {
            Outcome = span.Outcome,
            VersionAfter = span.VersionAfter == 0 ? null : span.VersionAfter,
        })];
    }

    private static long Reserve(List<long> starts, List<byte[]> records, long at)
    {
        foreach (var record in records)
        {
            starts.Add(at);
            at += record.Length;
        }

        return at;
    }

    private static byte[] Concat(List<byte[]> records)
    {
        var all = new byte[records.Sum(r => r.Length)];
        var at = 0;
        foreach (var record in records)
        {
            record.CopyTo(all, at);
            at += record.Length;
        }

        return all;
    }

    private static async Task<byte[]> ReadRangeAsync(SafeFileHandle file, long start, long end, CancellationToken cancellationToken)
    {
        var bytes = new byte[end - start];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = await RandomAccess.ReadAsync(file, bytes.AsMemory(read), start + read, cancellationToken);
            if (n == 0)
            {
                throw new EndOfStreamException("A staged import's spool file ended early.");
            }

            read += n;
        }

        return bytes;
    }
}
