namespace CalcinosisRegistry.Web.Timeline;

public sealed record LesionRow(string LesionId, string Label, double Y, double StartX, double EndX,
    IReadOnlyList<ObservationMark> Observations, IReadOnlyList<RecurrenceMark> Recurrences);
