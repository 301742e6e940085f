namespace CalcinosisRegistry.Web.Timeline;

/// <summary>An assessment on a course's bar; <see cref="Response"/> is the wire name (complete, partial, none, progression).</summary>
public sealed record AssessmentMark(int Day, double X, string Response)
{
    public string Letter => Response switch { "complete" => "C", "partial" => "P", "none" => "N", _ => "X" };
}
