namespace CalcinosisRegistry.Web.Editing;

public sealed class LabForm
{
    public int? Day { get; set; }
    public double? SerumCalciumMgDl { get; set; }
    public double? PhosphateMgDl { get; set; }
    public double? PthPgMl { get; set; }
}
