using System.Globalization;
using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Web.Timeline;

/// <summary>
/// Where everything of a case's timeline goes: one row per lesion (from first seen to the end of follow-up, its
/// observations as circles sized by the lesion's size, recurrences as marks) and one per treatment course (a bar from
/// start to end, or to the follow-up end while ongoing, with its assessments), on one day axis.
/// </summary>
public sealed class TimelineLayout
{
    public const double Width = 900;
    public const double LabelWidth = 150;
    public const double RowHeight = 34;
    public const double Top = 20;
    public const double AxisHeight = 36;
    private const double RightMargin = 20;

    private TimelineLayout(CaseDocument document)
    {
        var days = new List<int> { 0, document.LastFollowUpDay };
        days.AddRange(document.Lesions.Select(l => l.FirstSeenDay));
        days.AddRange(document.Lesions.SelectMany(l => l.Observations.Select(o => o.Day)));
        days.AddRange(document.Treatments.Select(t => t.StartDay));
        days.AddRange(document.Treatments.Where(t => t.EndDay is not null).Select(t => t.EndDay!.Value));
        days.AddRange(document.Treatments.SelectMany(t => t.Assessments.Select(a => a.Day)));
        days.AddRange(document.Recurrences.Select(r => r.Day));
        FirstDay = days.Min();
        LastDay = Math.Max(days.Max(), FirstDay + 1);
        FollowUpEnd = document.LastFollowUpDay;

        var largest = document.Lesions.SelectMany(l => l.Observations).Select(o => o.SizeMm ?? 0).DefaultIfEmpty(0).Max();
        var row = 0;
        Lesions = [.. document.Lesions.Select(lesion => new LesionRow(
            lesion.LesionId,
            $"{lesion.LesionId} · {Words(CaseJson.ToWireName(lesion.BodySite))}",
            RowY(row++),
            X(lesion.FirstSeenDay),
            X(FollowUpEnd),
            [.. lesion.Observations.Select(o => new ObservationMark(o.Day, X(o.Day), o.SizeMm, Radius(o.SizeMm, largest), o.Ulcerated == true))],
            [.. document.Recurrences.Where(r => r.LesionId == lesion.LesionId).Select(r => new RecurrenceMark(r.Day, X(r.Day)))]))];
        Treatments = [.. document.Treatments.Select(course => new TreatmentRow(
            course.TreatmentId,
            $"{course.TreatmentId} · {Words(CaseJson.ToWireName(course.Class))}",
            RowY(row++),
            X(course.StartDay),
            X(course.EndDay ?? FollowUpEnd),
            course.EndDay is null,
            [.. course.Assessments.Select(a => new AssessmentMark(a.Day, X(a.Day), CaseJson.ToWireName(a.Response)))]))];
        Height = RowY(row) + AxisHeight;
        AxisY = RowY(row) + 4;
        Ticks = [.. TickDays().Select(day => (day, X(day)))];
    }

    public int FirstDay { get; }
    public int LastDay { get; }
    public int FollowUpEnd { get; }
    public double Height { get; }
    public double AxisY { get; }
    public IReadOnlyList<LesionRow> Lesions { get; }
    public IReadOnlyList<TreatmentRow> Treatments { get; }
    public IReadOnlyList<(int Day, double X)> Ticks { get; }

    public double FollowUpX => X(FollowUpEnd);

    public static TimelineLayout For(CaseDocument document) => new(document);

    /// <summary>The horizontal position of a day.</summary>
    public double X(int day) => LabelWidth + (day - FirstDay) * (Width - LabelWidth - RightMargin) / (LastDay - FirstDay);

    public static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static double RowY(int row) => Top + row * RowHeight + RowHeight / 2;

    /// <summary>Circles from 3 to 12 px: the area grows with the size, relative to the case's largest lesion.</summary>
    private static double Radius(double? sizeMm, double largest) =>
        sizeMm is not { } size || largest <= 0 ? 3 : 3 + 9 * Math.Sqrt(size / largest);

    private IEnumerable<int> TickDays()
    {
        var span = LastDay - FirstDay;
        var step = new[] { 7, 14, 30, 60, 90, 180, 365, 730 }.FirstOrDefault(s => span / s <= 8, 1460);
        var first = (int)Math.Ceiling(FirstDay / (double)step) * step;
        for (var day = first; day <= LastDay; day += step)
        {
            yield return day;
        }
    }

    private static string Words(string wireName) => wireName.Replace('-', ' ');
}
