namespace CalcinosisRegistry.Web.Timeline;

public sealed record RecurrenceMark(int Day, double X);
