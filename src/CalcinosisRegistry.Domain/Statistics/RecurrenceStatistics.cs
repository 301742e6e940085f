using System.Text.Json.Serialization;

namespace CalcinosisRegistry.Domain.Statistics;

/// <summary>
/// Recurrence after response. <paramref name="SurvivalAt"/> is keyed by day ("180", "365", "730");
/// <paramref name="Curve"/> is null (and left out of the JSON) when the caller asked for no curve.
/// </summary>
public sealed record RecurrenceStatistics(
    int Responders,
    int Recurrences,
    Proportion Proportion,
    IReadOnlyDictionary<string, double?> SurvivalAt,
    int? MedianDays,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<CurveStep>? Curve);
