using System.Text.Json.Serialization;
using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Domain.Statistics;

/// <summary>
/// Sufficient statistics for one calcinosis type (or for all types together). Adding or removing a case costs only
/// that case's courses, so a tally can follow every write without re-reading the registry. Mutable with public
/// setters so that it round-trips through System.Text.Json as stored grain state.
/// </summary>
public sealed class StatisticsTally
{
    public int Cases { get; set; }

    public int Lesions { get; set; }

    public int Courses { get; set; }

    /// <summary>Only classes with at least one course; a class is dropped when its last course is removed.</summary>
    public Dictionary<TreatmentClass, ClassTally> ByClass { get; set; } = [];

    public ClassTally AllClasses { get; set; } = new();

    [JsonIgnore]
    public bool IsEmpty => Cases == 0 && Lesions == 0 && Courses == 0 && ByClass.Count == 0 && IsEmptyClass(AllClasses);

    public void Add(CaseContribution contribution) => Apply(contribution, +1);

    /// <summary>The exact inverse of <see cref="Add"/> for the same contribution.</summary>
    public void Remove(CaseContribution contribution) => Apply(contribution, -1);

    public void Merge(StatisticsTally other)
    {
        ArgumentNullException.ThrowIfNull(other);

        Cases += other.Cases;
        Lesions += other.Lesions;
        Courses += other.Courses;
        AllClasses.Merge(other.AllClasses);
        foreach (var (treatmentClass, classTally) in other.ByClass)
        {
            TallyFor(treatmentClass).Merge(classTally);
        }
    }

    /// <summary>The exact inverse of <see cref="Merge"/> with the same tally (a shard's old part leaving a total).</summary>
    public void Subtract(StatisticsTally other)
    {
        ArgumentNullException.ThrowIfNull(other);

        Cases -= other.Cases;
        Lesions -= other.Lesions;
        Courses -= other.Courses;
        AllClasses.Subtract(other.AllClasses);
        foreach (var (treatmentClass, classTally) in other.ByClass)
        {
            var held = TallyFor(treatmentClass);
            held.Subtract(classTally);
            if (held.Courses == 0)
            {
                ByClass.Remove(treatmentClass);
            }
        }
    }

    /// <summary>A copy sharing nothing mutable, built class by class (see <see cref="ClassTally.Clone"/>).</summary>
    public StatisticsTally Clone() => new()
    {
        Cases = Cases,
        Lesions = Lesions,
        Courses = Courses,
        AllClasses = AllClasses.Clone(),
        ByClass = ByClass.ToDictionary(pair => pair.Key, pair => pair.Value.Clone()),
    };

    private void Apply(CaseContribution contribution, int sign)
    {
        ArgumentNullException.ThrowIfNull(contribution);

        Cases += sign;
        Lesions += sign * contribution.Lesions;
        Courses += sign * contribution.Courses.Count;

        // A case counts once per class it was treated with, however many courses of that class it had.
        if (contribution.Courses.Count > 0)
        {
            AllClasses.Cases += sign;
        }

        foreach (var treatmentClass in contribution.Courses.Select(course => course.Class).Distinct())
        {
            TallyFor(treatmentClass).Cases += sign;
        }

        foreach (var course in contribution.Courses)
        {
            AllClasses.ApplyCourse(course, sign);
            TallyFor(course.Class).ApplyCourse(course, sign);
        }

        if (sign < 0)
        {
            foreach (var treatmentClass in contribution.Courses.Select(course => course.Class).Distinct())
            {
                if (ByClass[treatmentClass].Courses == 0)
                {
                    ByClass.Remove(treatmentClass);
                }
            }
        }
    }

    private ClassTally TallyFor(TreatmentClass treatmentClass)
    {
        if (!ByClass.TryGetValue(treatmentClass, out var classTally))
        {
            classTally = new ClassTally();
            ByClass.Add(treatmentClass, classTally);
        }

        return classTally;
    }

    private static bool IsEmptyClass(ClassTally tally) =>
        tally.Cases == 0 && tally.Courses == 0 && tally.Assessed == 0 && tally.Responders == 0 && tally.Times.Count == 0;
}
