using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Domain.Statistics.Disclosure;

namespace CalcinosisRegistry.Domain.Tests.Statistics.Disclosure;

/// <summary>Walks a published set alongside the statistics it came from.</summary>
internal static class PublishedChecks
{
    public static IEnumerable<PublishedCount> Counts(PublishedStatistics published, IReadOnlyList<TypeStatistics> types, TypeStatistics allTypes)
    {
        var pairs = published.Types.Zip(types).Append((published.AllTypes, allTypes));
        foreach (var (shown, real) in pairs)
        {
            var type = real.CalcinosisType;
            yield return Count($"{type}/casesIncluded", shown.CasesIncluded, real.CasesIncluded, shown.Suppressed, "casesIncluded");
            yield return Count($"{type}/cases", shown.Cases, real.Cases, shown.Suppressed, "cases");
            yield return Count($"{type}/lesions", shown.Lesions, real.Lesions, shown.Suppressed, "lesions");
            yield return Count($"{type}/courses", shown.Courses, real.Courses, shown.Suppressed, "courses");
            foreach (var (shownClass, realClass) in shown.ByTreatment.Zip(real.ByTreatment).Append((shown.AllTreatments, real.AllTreatments)))
            {
                var prefix = $"{type}/{realClass.Class}";
                var marks = shownClass.Suppressed;
                yield return Count($"{prefix}/cases", shownClass.Cases, realClass.Cases, marks, "cases");
                yield return Count($"{prefix}/courses", shownClass.Courses, realClass.Courses, marks, "courses");
                yield return Count($"{prefix}/assessed", shownClass.Assessed, realClass.Assessed, marks, "assessed");
                yield return Count($"{prefix}/complete", shownClass.Complete, realClass.Complete, marks, "complete");
                yield return Count($"{prefix}/partial", shownClass.Partial, realClass.Partial, marks, "partial");
                yield return Count($"{prefix}/none", shownClass.None, realClass.None, marks, "none");
                yield return Count($"{prefix}/progression", shownClass.Progression, realClass.Progression, marks, "progression");
                var recurrenceMarks = shownClass.Recurrence.Suppressed;
                yield return Count($"{prefix}/responders", shownClass.Recurrence.Responders, realClass.Recurrence.Responders, recurrenceMarks, "responders");
                yield return Count($"{prefix}/recurrences", shownClass.Recurrence.Recurrences, realClass.Recurrence.Recurrences, recurrenceMarks, "recurrences");
            }
        }
    }

    public static IEnumerable<(PublishedTreatmentStatistics Shown, TreatmentStatistics Real)> Classes(
        PublishedStatistics published, IReadOnlyList<TypeStatistics> types, TypeStatistics allTypes) =>
        published.Types.Zip(types, (shown, real) => (Shown: shown, Real: real)).Append((Shown: published.AllTypes, Real: allTypes))
            .SelectMany(pair => pair.Shown.ByTreatment.Zip(pair.Real.ByTreatment, (shown, real) => (shown, real)).Append((pair.Shown.AllTreatments, pair.Real.AllTreatments)));

    private static PublishedCount Count(string name, int? shown, int real, IReadOnlyList<string>? suppressed, string field) =>
        new(name, shown, real, suppressed?.Contains(field) ?? false);

    /// <summary>
    /// Every count is either shown as it is or null and marked; no count in 1..k−1 is shown; zero is always shown;
    /// a rate, survival or curve is shown (as it is) only when every count it is built on is shown and, for the
    /// curve family, every step is safe.
    /// </summary>
    /// <remarks>
    /// In a site's view of a linked set (<paramref name="siteOfLinkedSet"/>) a curve that is safe on its own may still be
    /// withheld, together with the other sites' curves of its type and class; an unsafe one never shows.
    /// </remarks>
    public static void AssertWellFormed(PublishedStatistics published, IReadOnlyList<TypeStatistics> types, TypeStatistics allTypes, int k, bool siteOfLinkedSet = false)
    {
        foreach (var count in Counts(published, types, allTypes))
        {
            Assert.True(count.Marked == (count.Shown is null), $"{count.Name}: null and marked must go together.");
            Assert.True(count.Shown is null || count.Shown == count.Real, $"{count.Name}: a shown count must be the true one.");
            Assert.False(count.Shown is >= 1 && count.Shown < k, $"{count.Name} = {count.Shown} is below k = {k} but shown.");
            Assert.False(count.Real == 0 && count.Shown is null, $"{count.Name} is 0 but withheld.");
        }

        foreach (var (shown, real) in Classes(published, types, allTypes))
        {
            var marks = shown.Suppressed ?? [];
            // The response rate follows from complete + partial or from responders (= complete + partial), over assessed.
            var responseRateGiven = shown.Assessed is not null && ((shown.Complete is not null && shown.Partial is not null) || shown.Recurrence.Responders is not null);
            Assert.Equal(!responseRateGiven, marks.Contains("responseRate"));
            Assert.Equal(responseRateGiven ? real.ResponseRate : Proportion.Unavailable, shown.ResponseRate);
            AssertDerived(shown.CompleteResponseRate, real.CompleteResponseRate, marks.Contains("completeResponseRate"), shown.Complete, shown.Assessed);

            var recurrence = shown.Recurrence;
            var recurrenceMarks = recurrence.Suppressed ?? [];
            AssertDerived(recurrence.Proportion, real.Recurrence.Proportion, recurrenceMarks.Contains("proportion"), recurrence.Responders, recurrence.Recurrences);

            var curveSafe = recurrence.Responders is not null && recurrence.Recurrences is not null
                && real.Recurrence.Curve!.All(step => IsSafe(step.AtRisk, k) && IsSafe(step.Events, k) && IsSafe(step.Censored, k));
            var curveShown = !recurrenceMarks.Contains("curve");
            Assert.True(curveSafe || !curveShown, $"{real.Class}: an unsafe curve is shown.");
            Assert.True(curveShown || !curveSafe || siteOfLinkedSet, $"{real.Class}: a safe curve is withheld.");
            Assert.Equal(!curveShown, recurrenceMarks.Contains("survivalAt"));
            Assert.Equal(!curveShown, recurrenceMarks.Contains("medianDays"));
            if (curveShown)
            {
                Assert.Equal(real.Recurrence.Curve, recurrence.Curve);
                Assert.Equal(real.Recurrence.SurvivalAt, recurrence.SurvivalAt);
                Assert.Equal(real.Recurrence.MedianDays, recurrence.MedianDays);
            }
            else
            {
                Assert.Null(recurrence.Curve);
                Assert.Null(recurrence.MedianDays);
                Assert.All(recurrence.SurvivalAt.Values, value => Assert.Null(value));
                Assert.Equal(real.Recurrence.SurvivalAt.Keys, recurrence.SurvivalAt.Keys);
            }
        }
    }

    private static bool IsSafe(int count, int k) => count == 0 || count >= k;

    private static void AssertDerived(Proportion shown, Proportion real, bool marked, params int?[] basis)
    {
        var basisShown = basis.All(count => count is not null);
        Assert.Equal(!basisShown, marked);
        Assert.Equal(basisShown ? real : Proportion.Unavailable, shown);
    }
}
