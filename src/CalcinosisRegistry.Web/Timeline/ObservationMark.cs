namespace CalcinosisRegistry.Web.Timeline;

public sealed record ObservationMark(int Day, double X, double? SizeMm, double Radius, bool Ulcerated);
