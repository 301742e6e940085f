namespace CalcinosisRegistry.Web.Editing;

public sealed class TreatmentForm
{
    public string? TreatmentId { get; set; }
    public string? Class { get; set; }
    public string? Agent { get; set; }
    public string? Route { get; set; }
    public int? StartDay { get; set; }
    public int? EndDay { get; set; }

    /// <summary>The treated lesions' ids as typed, separated by commas or spaces.</summary>
    public string? LesionIds { get; set; }

    public List<AssessmentForm> Assessments { get; set; } = [];

    public IReadOnlyList<string> LesionIdList() =>
        (LesionIds ?? string.Empty).Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
