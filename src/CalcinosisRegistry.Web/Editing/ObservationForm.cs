namespace CalcinosisRegistry.Web.Editing;

public sealed class ObservationForm
{
    public int? Day { get; set; }
    public double? SizeMm { get; set; }
    public bool? Ulcerated { get; set; }
    public bool? Infected { get; set; }
    public int? PainScore { get; set; }
}
