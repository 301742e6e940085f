using System.Text.Json.Serialization;
using CalcinosisRegistry.Domain.Statistics;

namespace CalcinosisRegistry.Domain.Analyses;

/// <summary>
/// One group of an analysis: what contract section 3 reports for one treatment class, plus its key and the cases
/// with a course in it. Under disclosure control a group with fewer than m cases is only <c>{ key, tooFew: true }</c>.
/// </summary>
public sealed record AnalysisGroup(
    string Key,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? TooFew,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Cases,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Courses,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Assessed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Complete,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Partial,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? None,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Progression,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Proportion? ResponseRate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Proportion? CompleteResponseRate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RecurrenceStatistics? Recurrence)
{
    public static AnalysisGroup FromStatistics(TreatmentStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return new AnalysisGroup(
            statistics.Class, null, statistics.Cases, statistics.Courses, statistics.Assessed, statistics.Complete,
            statistics.Partial, statistics.None, statistics.Progression, statistics.ResponseRate,
            statistics.CompleteResponseRate, statistics.Recurrence);
    }

    public static AnalysisGroup Withheld(string key) => new(key, true, null, null, null, null, null, null, null, null, null, null);
}
