using System.Buffers;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Interchange.Ndjson;

/// <summary>
/// Reads NDJSON a chunk of lines at a time (memory bounded by the chunk and 16 bytes per case id seen, never the
/// file) and validates each line with the API's validator. Faults carry the line number and the validator's JSON
/// path; blank lines are skipped.
/// </summary>
public static class NdjsonCaseReader
{
    /// <summary>A line may be as long as a PUT body (256 KiB); anything longer is refused without being held.</summary>
    public const int MaxLineBytes = 256 * 1024;

    /// <summary>Lines validated together (in parallel), at most this many bytes of them.</summary>
    private const int ChunkLines = 512;
    private const int ChunkBytes = 8 * 1024 * 1024;

    public static async IAsyncEnumerable<ImportedCase> ReadAsync(
        Stream input, int currentYear, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seen = new HashSet<UInt128>();
        var chunk = new List<(long Line, byte[]? Bytes)>(ChunkLines);
        var chunkBytes = 0;
        await foreach (var (line, bytes, tooLong) in LinesAsync(input, cancellationToken))
        {
            chunk.Add((line, tooLong ? null : bytes.ToArray()));
            chunkBytes += bytes.Length;
            if (chunk.Count == ChunkLines || chunkBytes >= ChunkBytes)
            {
                foreach (var imported in Judge(chunk, seen, currentYear))
                {
                    yield return imported;
                }

                chunk.Clear();
                chunkBytes = 0;
            }
        }

        foreach (var imported in Judge(chunk, seen, currentYear))
        {
            yield return imported;
        }
    }

    /// <summary>Validates a chunk of lines on every core, then judges them in line order (duplicates need that order).</summary>
    private static IEnumerable<ImportedCase> Judge(List<(long Line, byte[]? Bytes)> chunk, HashSet<UInt128> seen, int currentYear)
    {
        var validations = chunk.AsParallel().AsOrdered()
            .Select(item => item.Bytes is null ? null : CaseDocumentValidator.Validate(item.Bytes, currentYear))
            .ToArray();
        for (var i = 0; i < chunk.Count; i++)
        {
            var (line, bytes) = chunk[i];
            if (validations[i] is not { } validation)
            {
                yield return Refused(line, $"line {line}", $"the line is longer than {MaxLineBytes / 1024} KiB, the limit of one case document");
                continue;
            }

            if (!validation.IsValid)
            {
                var caseId = CaseIdOf(bytes) ?? $"line {line}";
                yield return new ImportedCase(caseId, null, [],
                    [.. validation.Errors.Select(error => new ImportFault(caseId, error.Message, Line: line, JsonPath: error.Path))]);
                continue;
            }

            var document = validation.Document!;
            if (!seen.Add(CaseIdentity.Of(document.CaseId)))
            {
                yield return Refused(line, document.CaseId, $"case '{document.CaseId}' appears on an earlier line too", "$.caseId");
                continue;
            }

            yield return new ImportedCase(document.CaseId, document, validation.Warnings, []);
        }
    }

    private static ImportedCase Refused(long line, string caseId, string message, string? path = null) =>
        new(caseId, null, [], [new ImportFault(caseId, message, Line: line, JsonPath: path)]);

    private static string? CaseIdOf(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new System.Text.Json.Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != System.Text.Json.JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
            {
                var isCaseId = reader.ValueTextEquals("caseId");
                reader.Read();
                if (isCaseId && reader.TokenType == System.Text.Json.JsonTokenType.String)
                {
                    return reader.GetString() is { } id && CaseIdentifiers.IsValidCaseId(id) ? id : null;
                }

                reader.Skip();
            }
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException)
        {
            // Not JSON: the validator has said so; the fault is filed under its line.
        }

        return null;
    }

    /// <summary>Each non-blank line's bytes (without the newline); a line over the limit is skipped and flagged.</summary>
    private static async IAsyncEnumerable<(long Line, ReadOnlyMemory<byte> Bytes, bool TooLong)> LinesAsync(
        Stream input, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxLineBytes + 64 * 1024);
        try
        {
            int start = 0, end = 0;
            long line = 0;
            var skipping = false;
            while (true)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
                if (newline >= 0)
                {
                    line++;
                    if (skipping || newline - start > MaxLineBytes)
                    {
                        skipping = false;
                        yield return (line, ReadOnlyMemory<byte>.Empty, true);
                    }
                    else if (!IsBlank(buffer.AsSpan(start, newline - start)))
                    {
                        yield return (line, buffer.AsMemory(start, TrimCarriageReturn(buffer, start, newline) - start), false);
                    }

                    start = newline + 1;
                    continue;
                }

                if (end - start > MaxLineBytes)
                {
                    // The line is already too long: drop what is held and skip to its end.
                    skipping = true;
                    start = end = 0;
                }

                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }

                var read = await input.ReadAsync(buffer.AsMemory(end), cancellationToken);
                if (read == 0)
                {
                    if (end > start)
                    {
                        line++;
                        if (skipping || end - start > MaxLineBytes)
                        {
                            yield return (line, ReadOnlyMemory<byte>.Empty, true);
                        }
                        else if (!IsBlank(buffer.AsSpan(start, end - start)))
                        {
                            yield return (line, buffer.AsMemory(start, TrimCarriageReturn(buffer, start, end) - start), false);
                        }
                    }
                    else if (skipping)
                    {
                        yield return (line + 1, ReadOnlyMemory<byte>.Empty, true);
                    }

                    yield break;
                }

                end += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int TrimCarriageReturn(byte[] buffer, int start, int end) =>
        end > start && buffer[end - 1] == (byte)'\r' ? end - 1 : end;

    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }
}
