namespace CalcinosisRegistry.Web.Editing;

public sealed class AssessmentForm
{
    public int? Day { get; set; }
    public string? Response { get; set; }
}
