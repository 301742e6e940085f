namespace CalcinosisRegistry.Web.Editing;

public sealed class LesionForm
{
    public string? LesionId { get; set; }
    public string? BodySite { get; set; }
    public string? Laterality { get; set; }
    public string? Morphology { get; set; }
    public int? FirstSeenDay { get; set; }
    public List<ObservationForm> Observations { get; set; } = [];
}
