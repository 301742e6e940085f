using System.Text.Json.Serialization;

namespace CalcinosisRegistry.Domain.Statistics.Disclosure;

/// <summary>
/// <see cref="TypeStatistics"/> after disclosure control. A withheld count is null and named in
/// <paramref name="Suppressed"/> (camelCase JSON names); <paramref name="Suppressed"/> is null, and left out of the
/// JSON, when nothing at this level is withheld.
/// </summary>
public sealed record PublishedTypeStatistics(
    string CalcinosisType,
    int? CasesIncluded,
    int? Cases,
    int? Lesions,
    int? Courses,
    IReadOnlyList<PublishedTreatmentStatistics> ByTreatment,
    PublishedTreatmentStatistics AllTreatments,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Suppressed)
{
    public string Disclosure { get; init; } = DisclosureNames.Suppressed;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? K { get; init; }
}
