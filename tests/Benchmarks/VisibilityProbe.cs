using CalcinosisRegistry.Domain.Statistics.Disclosure;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// The visibility probe's writes: only the probe writes its type, so it knows the type's exact count. Under rounding
/// (<paramref name="RoundTo"/> set) a probe writes as many cases as move the rounded count to the next band, the
/// least number whose effect an analyst can see; otherwise one.
/// </summary>
public sealed record VisibilityProbe(CasePayloadFactory Factory, string Type, string WriterToken, int ExactCount, int? RoundTo)
{
    public int ExactCount { get; private set; } = ExactCount;

    public int CasesToWrite()
    {
        if (RoundTo is not { } roundTo)
        {
            return 1;
        }

        var cases = 1;
        while (RoundedDisclosure.Count(ExactCount + cases, roundTo) <= RoundedDisclosure.Count(ExactCount, roundTo))
        {
            cases++;
        }

        return cases;
    }

    public void Written() => ExactCount++;
}
