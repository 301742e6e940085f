using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Domain.Synthetic;

/// <summary>
/// A reproducible, clinically plausible synthetic cohort for the demo, the tests and the benchmarks. The shape
/// follows the source text: dystrophic calcinosis is the most common and comes with connective-tissue disease and
/// normal minerals; metastatic with raised calcium or phosphate from renal failure or hyperparathyroidism;
/// idiopathic often in children; iatrogenic at intravenous-calcium or electrode sites. Treatment is hard and
/// deposits often come back, so responses are modest except after surgery, and recurrences are common.
/// Nothing here is a real patient.
/// </summary>
public static class SyntheticCohort
{
    public static readonly IReadOnlyList<string> DefaultSites =
        ["north-general", "lakeside-univ", "riverside-childrens", "harbour-renal", "capital-rheum"];

    public static IEnumerable<SyntheticCase> Generate(int count, int seed = 2026, IReadOnlyList<string>? sites = null)
    {
        var random = new Random(seed);
        sites ??= DefaultSites;
        for (var i = 0; i < count; i++)
        {
            var site = sites[i % sites.Count];
            yield return new SyntheticCase(site, NewCase(random, $"SYN-{i + 1:D6}"));
        }
    }

    public static CaseDocument NewCase(Random random, string caseId)
    {
        var type = Pick(random, (CalcinosisType.Dystrophic, 60), (CalcinosisType.Metastatic, 15),
            (CalcinosisType.Idiopathic, 15), (CalcinosisType.Iatrogenic, 10));
        var age = type == CalcinosisType.Idiopathic ? random.Next(2, 18) : random.Next(18, 95);
        var conditions = Conditions(random, type, age);
        var lastFollowUp = random.Next(180, 2200);
        var lesions = Enumerable.Range(1, random.Next(1, 4)).Select(n => NewLesion(random, type, $"L{n}", lastFollowUp)).ToList();
        var treatments = new List<TreatmentCourse>();
        var recurrences = new List<Recurrence>();
        var day = random.Next(0, 90);
        for (var n = 1; n <= random.Next(0, 4) && day < lastFollowUp - 30; n++)
        {
            var course = NewCourse(random, type, $"T{n}", day, lastFollowUp, lesions);
            treatments.Add(course);
            var responded = course.Assessments.FirstOrDefault(a => a.Response is Response.Complete or Response.Partial);
            if (responded is not null && random.NextDouble() < 0.35)
            {
                var recurrenceDay = Math.Min(lastFollowUp, responded.Day + random.Next(30, 700));
                recurrences.Add(new Recurrence(course.LesionIds[0], recurrenceDay));
            }

            day = (course.EndDay ?? course.StartDay) + random.Next(30, 400);
        }

        return new CaseDocument(
            caseId,
            age < 18 ? Pick(random, (Sex.Female, 55), (Sex.Male, 45)) : Pick(random, (Sex.Female, 70), (Sex.Male, 28), (Sex.Unknown, 2)),
            Math.Min(age, 90),
            random.Next(2005, 2026),
            type,
            conditions,
            [NewLab(random, type)],
            Methods(random),
            lesions,
            treatments,
            recurrences,
            lastFollowUp);
    }

    private static List<UnderlyingCondition> Conditions(Random random, CalcinosisType type, int age) => type switch
    {
        CalcinosisType.Dystrophic => [age < 18 ? UnderlyingCondition.JuvenileDermatomyositis : Pick(random,
            (UnderlyingCondition.SystemicSclerosis, 45), (UnderlyingCondition.Dermatomyositis, 25),
            (UnderlyingCondition.Lupus, 10), (UnderlyingCondition.MixedConnectiveTissueDisease, 8),
            (UnderlyingCondition.OverlapSyndrome, 7), (UnderlyingCondition.Trauma, 5))],
        CalcinosisType.Metastatic => [Pick(random, (UnderlyingCondition.ChronicKidneyDisease, 70), (UnderlyingCondition.Hyperparathyroidism, 30))],
        CalcinosisType.Idiopathic => [UnderlyingCondition.None],
        _ => [Pick(random, (UnderlyingCondition.IvCalcium, 70), (UnderlyingCondition.CalciumContainingElectrode, 30))],
    };

    private static LabResult NewLab(Random random, CalcinosisType type) => type == CalcinosisType.Metastatic
        ? new LabResult(0, Round(random.NextDouble() * 2.5 + 10.0, 1), Round(random.NextDouble() * 3 + 4.8, 1), Round(random.NextDouble() * 600 + 80, 0))
        : new LabResult(0, Round(random.NextDouble() * 1.6 + 8.7, 1), Round(random.NextDouble() * 1.6 + 2.7, 1), null);

    private static List<DiagnosticMethod> Methods(Random random)
    {
        var methods = new List<DiagnosticMethod> { DiagnosticMethod.Clinical };
        if (random.NextDouble() < 0.8) methods.Add(DiagnosticMethod.XRay);
        if (random.NextDouble() < 0.2) methods.Add(DiagnosticMethod.Ultrasound);
        if (random.NextDouble() < 0.15) methods.Add(DiagnosticMethod.Biopsy);
        return methods;
    }

    private static Lesion NewLesion(Random random, CalcinosisType type, string id, int lastFollowUp)
    {
        var site = type switch
        {
            CalcinosisType.Dystrophic => Pick(random, (BodySite.Finger, 35), (BodySite.Hand, 10), (BodySite.Elbow, 20), (BodySite.Forearm, 10), (BodySite.Knee, 15), (BodySite.Buttock, 5), (BodySite.Thigh, 5)),
            CalcinosisType.Metastatic => Pick(random, (BodySite.Shoulder, 25), (BodySite.Hip, 20), (BodySite.Knee, 20), (BodySite.Elbow, 20), (BodySite.Finger, 15)),
            CalcinosisType.Idiopathic => Pick(random, (BodySite.HeadNeck, 30), (BodySite.Leg, 25), (BodySite.Trunk, 20), (BodySite.Other, 25)),
            _ => Pick(random, (BodySite.Hand, 35), (BodySite.Wrist, 30), (BodySite.Forearm, 25), (BodySite.Foot, 10)),
        };
        var size = random.Next(3, 40);
        var observations = new List<LesionObservation> { new(0, size, random.NextDouble() < 0.25, random.NextDouble() < 0.08, random.Next(0, 9)) };
        if (lastFollowUp > 200)
        {
            observations.Add(new LesionObservation(random.Next(90, lastFollowUp), Math.Max(0, size + random.Next(-10, 6)), false, false, random.Next(0, 6)));
        }

        return new Lesion(id, site, Pick(random, (Laterality.Left, 40), (Laterality.Right, 40), (Laterality.Bilateral, 10), (Laterality.Midline, 10)),
            Pick(random, (Morphology.Nodule, 50), (Morphology.Plaque, 30), (Morphology.Papule, 20)), 0, observations);
    }

    private static TreatmentCourse NewCourse(Random random, CalcinosisType type, string id, int startDay, int lastFollowUp, List<Lesion> lesions)
    {
        var treatmentClass = type == CalcinosisType.Metastatic
            ? Pick(random, (TreatmentClass.SodiumThiosulfate, 35), (TreatmentClass.Surgery, 20), (TreatmentClass.Bisphosphonate, 20), (TreatmentClass.CalciumChannelBlocker, 15), (TreatmentClass.Other, 10))
            : Pick(random, (TreatmentClass.CalciumChannelBlocker, 25), (TreatmentClass.Surgery, 20), (TreatmentClass.Bisphosphonate, 15),
                (TreatmentClass.IntralesionalSteroid, 15), (TreatmentClass.TopicalSteroid, 10), (TreatmentClass.SodiumThiosulfate, 10), (TreatmentClass.Other, 5));
        var (agent, route, responseOdds) = treatmentClass switch
        {
            TreatmentClass.Surgery => ("excision", TreatmentRoute.Surgical, 0.85),
            TreatmentClass.CalciumChannelBlocker => ("diltiazem", TreatmentRoute.Oral, 0.40),
            TreatmentClass.Bisphosphonate => ("alendronate", TreatmentRoute.Oral, 0.35),
            TreatmentClass.IntralesionalSteroid => ("triamcinolone", TreatmentRoute.Intralesional, 0.45),
            TreatmentClass.TopicalSteroid => ("clobetasol", TreatmentRoute.Topical, 0.20),
            TreatmentClass.SodiumThiosulfate => ("sodium thiosulfate", type == CalcinosisType.Metastatic ? TreatmentRoute.Intravenous : TreatmentRoute.Intralesional, 0.50),
            _ => ("colchicine", TreatmentRoute.Oral, 0.25),
        };
        var endDay = treatmentClass == TreatmentClass.Surgery ? startDay : Math.Min(lastFollowUp, startDay + random.Next(60, 500));
        var targets = lesions.Where((_, index) => index == 0 || random.NextDouble() < 0.4).Select(l => l.LesionId).ToList();
        var assessments = new List<Assessment>();
        if (random.NextDouble() < 0.9)
        {
            var first = Math.Min(lastFollowUp, startDay + random.Next(30, 200));
            var response = random.NextDouble() < responseOdds
                ? (random.NextDouble() < 0.55 ? Response.Complete : Response.Partial)
                : (random.NextDouble() < 0.8 ? Response.None : Response.Progression);
            assessments.Add(new Assessment(first, response));
            if (random.NextDouble() < 0.4 && first + 90 <= lastFollowUp)
            {
                assessments.Add(new Assessment(first + random.Next(30, 90), response == Response.Partial && random.NextDouble() < 0.4 ? Response.Complete : response));
            }
        }

        return new TreatmentCourse(id, treatmentClass, agent, route, startDay, endDay, targets, assessments);
    }

    private static T Pick<T>(Random random, params (T Value, int Weight)[] choices)
    {
        var roll = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if ((roll -= weight) < 0)
            {
                return value;
            }
        }

        return choices[^1].Value;
    }

    private static double Round(double value, int digits) => Math.Round(value, digits);
}
