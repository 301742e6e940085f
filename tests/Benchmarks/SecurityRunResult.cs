namespace CalcinosisRegistry.Benchmarks;

/// <summary>One silo run of the security scenario: access control off or on, its writes and its reads per caller.</summary>
public sealed record SecurityRunResult(int Pair, bool AccessControl, LoadResult Writes, IReadOnlyList<SecurityReadResult> Reads)
{
    public string Mode => AccessControl ? "on" : "off";
}
