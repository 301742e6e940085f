using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// Valid case documents from <see cref="SyntheticCohort"/>, made cheaply enough that the client does not compete with
/// the server for the CPU: a pool of serialised documents is made up front with a fixed-width placeholder case id,
/// and each request copies one and writes a new, unique id of the same width into it.
/// </summary>
public sealed class CasePayloadFactory
{
    private const int IdWidth = 20;
    private static readonly string Placeholder = new('X', IdWidth);
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static long _sequence;

    private readonly CaseTemplate[] _templates;
    private readonly IReadOnlyList<string> _sites;
    private readonly string _runTag;

    /// <param name="accept">Which calcinosis types to generate; null accepts all (the cohort's natural mix).</param>
    public CasePayloadFactory(int seed, Func<CalcinosisType, bool>? accept = null, int templateCount = 2048, IReadOnlyList<string>? sites = null)
    {
        var random = new Random(seed);
        var placeholderBytes = Encoding.UTF8.GetBytes($"\"{Placeholder}\"");
        var templates = new List<CaseTemplate>(templateCount);
        while (templates.Count < templateCount)
        {
            var document = SyntheticCohort.NewCase(random, Placeholder);
            if (accept is not null && !accept(document.CalcinosisType))
            {
                continue;
            }

            var bytes = JsonSerializer.SerializeToUtf8Bytes(document, CaseJson.Options);
            var offset = bytes.AsSpan().IndexOf(placeholderBytes);
            if (offset < 0 || bytes.AsSpan(offset + 1).IndexOf(placeholderBytes) >= 0)
            {
                throw new InvalidOperationException("The case id placeholder must occur exactly once in a serialised case.");
            }

            templates.Add(new CaseTemplate(bytes, offset + 1, document.CalcinosisType));
        }

        _templates = [.. templates];
        _sites = sites ?? SyntheticCohort.DefaultSites;
        // A per-run prefix so that ids never repeat across runs against a kept database.
        _runTag = Random.Shared.Next(0x100000).ToString("x5", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A request creating a new case; <paramref name="type"/> tells which statistics it will count in.</summary>
    public HttpRequestMessage NewCreate(Uri baseAddress, out CalcinosisType type)
    {
        var write = NewCase(baseAddress);
        type = write.Type;
        return Put(write, write.Body);
    }

    public HttpRequestMessage NewCreate(Uri baseAddress) => NewCreate(baseAddress, out _);

    /// <summary>A new case's address and document, for scenarios that send it more than once.</summary>
    public CaseWrite NewCase(Uri baseAddress)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        var template = _templates[sequence % _templates.Length];
        var site = _sites[(int)(sequence % _sites.Count)];
        var caseId = $"b{_runTag}-{sequence:D13}";
        var body = template.Bytes.AsSpan().ToArray();
        Encoding.ASCII.GetBytes(caseId, body.AsSpan(template.IdOffset, IdWidth));
        return new CaseWrite(new Uri(baseAddress, $"/api/sites/{site}/cases/{caseId}"), body, template.IdOffset, template.Type);
    }

    /// <summary>A PUT of <paramref name="body"/> to the case's address.</summary>
    public static HttpRequestMessage Put(CaseWrite write, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return new HttpRequestMessage(HttpMethod.Put, write.Uri) { Content = content };
    }

    /// <summary>The case's document with a different case id of the same width, which the API must reject (400).</summary>
    public static byte[] WithMismatchedCaseId(CaseWrite write)
    {
        var body = write.Body.AsSpan().ToArray();
        body[write.IdOffset] = (byte)'m';
        return body;
    }
}
