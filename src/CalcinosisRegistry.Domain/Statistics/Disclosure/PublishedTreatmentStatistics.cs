using System.Text.Json.Serialization;

namespace CalcinosisRegistry.Domain.Statistics.Disclosure;

/// <summary>
/// <see cref="TreatmentStatistics"/> after disclosure control. A withheld count is null; a withheld rate has a null
/// estimate and null limits. Both are named in <paramref name="Suppressed"/>, which tells them apart from a rate
/// that is null because its denominator is 0; it is null, and left out of the JSON, when nothing here is withheld.
/// </summary>
public sealed record PublishedTreatmentStatistics(
    string Class,
    int? Cases,
    int? Courses,
    int? Assessed,
    int? Complete,
    int? Partial,
    int? None,
    int? Progression,
    Proportion ResponseRate,
    Proportion CompleteResponseRate,
    PublishedRecurrenceStatistics Recurrence,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Suppressed);
