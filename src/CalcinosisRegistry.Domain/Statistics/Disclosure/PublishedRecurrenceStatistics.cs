using System.Text.Json.Serialization;

namespace CalcinosisRegistry.Domain.Statistics.Disclosure;

/// <summary>
/// <see cref="RecurrenceStatistics"/> after disclosure control. The curve is published whole or not at all: a
/// withheld curve is null and named "curve" in <paramref name="Suppressed"/> (a curve that was never asked for is
/// null without the mark). Withheld survival keeps its day keys with null values and is named "survivalAt".
/// </summary>
public sealed record PublishedRecurrenceStatistics(
    int? Responders,
    int? Recurrences,
    Proportion Proportion,
    IReadOnlyDictionary<string, double?> SurvivalAt,
    int? MedianDays,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<CurveStep>? Curve,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Suppressed);
