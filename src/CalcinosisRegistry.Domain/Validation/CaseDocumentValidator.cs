using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Domain.Validation;

/// <summary>
/// Validates an incoming case document against the public contract (sections 1 and 2) and normalises it.
/// Pure: no I/O and no clock (the caller passes the current year), so the same input always gives the same result.
/// </summary>
/// <remarks>
/// The JSON tree is walked by hand instead of deserialised, because the serializer stops at the first fault while
/// the contract asks for every fault with its JSON path.
/// </remarks>
public static class CaseDocumentValidator
{
    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    public static CaseValidationResult Validate(ReadOnlySpan<byte> utf8Json, int currentYear)
    {
        // Some clients prefix UTF-8 with a byte order mark; it is not part of the JSON text.
        if (utf8Json.StartsWith(Utf8ByteOrderMark))
        {
            utf8Json = utf8Json[Utf8ByteOrderMark.Length..];
        }

        // JsonDocument checks UTF-8 only outside strings; invalid bytes inside one would surface later as an
        // exception when the text is read, so the whole body is checked up front.
        if (!Utf8.IsValid(utf8Json))
        {
            return Refused([new ValidationError(JsonPath.Root, "the body is not well-formed JSON (it is not valid UTF-8)")]);
        }

        JsonDocument parsed;
        try
        {
            // Parsing a copy: bodies are capped at 256 KiB, and JsonDocument needs memory it can keep while in use.
            parsed = JsonDocument.Parse(utf8Json.ToArray());
        }
        catch (JsonException exception)
        {
            var position = exception.LineNumber is long line && exception.BytePositionInLine is long column
                ? $" (line {line + 1}, byte {column + 1})"
                : string.Empty;
            return Refused([new ValidationError(JsonPath.Root, $"the body is not well-formed JSON{position}")]);
        }

        using (parsed)
        {
            return Validate(parsed.RootElement, currentYear);
        }
    }

    public static CaseValidationResult Validate(JsonElement root, int currentYear)
    {
        var errors = new ValidationErrorCollector();
        CaseDocument? document;
        try
        {
            document = new CaseDocumentReader(errors, currentYear).Read(root);
            FreeTextRules.CheckControlCharacters(root, errors);
        }
        catch (InvalidOperationException exception) when (exception.InnerException is DecoderFallbackException)
        {
            // Only reachable through this overload, with a tree parsed from bytes that were never checked as UTF-8.
            return Refused([new ValidationError(JsonPath.Root, "the document contains text that is not valid UTF-8")]);
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json accepts an escaped lone surrogate such as "\uD800" while parsing but cannot turn it
            // into a string; no identifier or vocabulary value can contain one, so the document is refused whole.
            return Refused([new ValidationError(JsonPath.Root, "the document contains a string with an unpaired UTF-16 surrogate escape (\\uD800-\\uDFFF), which is not text")]);
        }

        if (errors.HasErrors)
        {
            return Refused(errors.Errors);
        }

        if (document is null)
        {
            // Unreachable by construction (every missing part is reported); refuse rather than store half a case.
            return Refused([new ValidationError(JsonPath.Root, "the document could not be read")]);
        }

        return new CaseValidationResult(document, [], CasePlausibilityChecks.Evaluate(document));
    }

    private static CaseValidationResult Refused(IReadOnlyList<ValidationError> errors) => new(null, errors, []);
}
