using CalcinosisRegistry.Domain.Statistics.Disclosure;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// The visibility probe's writes: only the probe writes its type, so it knows the type's exact count. Under rounding
/// (<paramref name="roundTo"/> set) a probe writes as many cases as move the rounded count to the next band, the
/// least number whose effect an analyst can see; otherwise one.
/// </summary>
public sealed class VisibilityProbe(CasePayloadFactory factory, string type, string writerToken, int exactCount, int? roundTo)
{
    public CasePayloadFactory Factory { get; } = factory;

    public string Type { get; } = type;

    public string WriterToken { get; } = writerToken;

    public int ExactCount { get; private set; } = exactCount;

    public int CasesToWrite()
    {
        if (roundTo is not { } bandWidth)
        {
            return 1;
        }

        var cases = 1;
        while (RoundedDisclosure.Count(ExactCount + cases, bandWidth) <= RoundedDisclosure.Count(ExactCount, bandWidth))
        {
            cases++;
        }

        return cases;
    }

    public void Written() => ExactCount++;
}
