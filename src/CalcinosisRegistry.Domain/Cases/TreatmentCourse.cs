using System.Text.Json.Serialization;

namespace CalcinosisRegistry.Domain.Cases;

public sealed record TreatmentCourse(
    string TreatmentId,
    [property: JsonPropertyName("class")] TreatmentClass Class,
    string? Agent,
    TreatmentRoute Route,
    int StartDay,
    int? EndDay,
    IReadOnlyList<string> LesionIds,
    IReadOnlyList<Assessment> Assessments);
