namespace CalcinosisRegistry.Web.Outcomes;

/// <summary>How the figures on screen were released, with the one line that says what it means for the reader.</summary>
public sealed record DisclosureMark(string Kind, string Explanation)
{
    public static DisclosureMark Exact { get; } = new("exact", "Exact figures: you are an admin, so nothing is rounded or withheld.");

    public static DisclosureMark Rounded(int? roundTo) => new("rounded",
        $"Rounded figures: every count is rounded to a multiple of {roundTo?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "m"} (midpoint), and rates and curves are computed from the rounded counts.");

    public static DisclosureMark Suppressed(int? k) => new("suppressed",
        $"Suppressed figures: counts below {k?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "k"}, and figures that would reveal them, are withheld (shown as —).");
}
