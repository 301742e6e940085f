namespace CalcinosisRegistry.Web.Timeline;

public sealed record TreatmentRow(string TreatmentId, string Label, double Y, double StartX, double EndX, bool Ongoing,
    IReadOnlyList<AssessmentMark> Assessments);
