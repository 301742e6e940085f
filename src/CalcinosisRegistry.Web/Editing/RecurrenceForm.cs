namespace CalcinosisRegistry.Web.Editing;

public sealed class RecurrenceForm
{
    public string? LesionId { get; set; }
    public int? Day { get; set; }
}
