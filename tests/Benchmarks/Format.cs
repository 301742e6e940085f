using System.Globalization;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>Number formats for the result tables (invariant culture, so the markdown is the same everywhere).</summary>
public static class Format
{
    public static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ms(double milliseconds) => double.IsNaN(milliseconds) ? "n/a"
        : milliseconds.ToString(milliseconds < 10 ? "0.00" : milliseconds < 100 ? "0.0" : "0", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    public static string Ratio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A ratio a verdict is given on: three decimals, since 0.497 printed as 0.50 next to "NOT met" reads like a mistake.</summary>
    public static string VerdictRatio(double ratio) => ratio.ToString("0.000", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => bytes < 10_000
        ? bytes.ToString(CultureInfo.InvariantCulture) + " B"
        : (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB";

    public static string Verdict(bool met) => met ? "met" : "NOT met";
}
