namespace CalcinosisRegistry.Domain.Statistics.Disclosure;

/// <summary>
/// Every count of a published set (the types and "all types") as cells, plus the linear relations between them
/// that a reader can exploit. The relations, all of which hold exactly for statistics from StatisticsSummarizer:
/// <list type="bullet">
/// <item>Within a class (and within allTreatments) of a scope:
///   complete + partial + none + progression = assessed;
///   complete + partial = responders (a responder is a course whose best response is complete or partial);
///   courses − assessed = unassessed (implied cell);
///   responders − recurrences = nonRecurred (implied cell);
///   cases ≤ courses.</item>
/// <item>Within a type: type courses = allTreatments courses; type cases − allTreatments cases = casesWithoutCourses
///   (implied); for each listed class allTreatments cases − class cases = casesWithoutClass (implied);
///   allTreatments cases ≤ Σ_class cases (every treated case has some class; cases are not additive over classes,
///   a case can have several).</item>
/// <item>Across classes of a type: Σ_class x = allTreatments x for x in courses, assessed, complete, partial, none,
///   progression, responders, recurrences.</item>
/// <item>Across types: Σ_type x = all-types x for type-level cases, lesions and courses, and for every class
///   (and allTreatments) and every class count including cases (each case has exactly one type); a class missing
///   from a type contributes 0.</item>
/// </list>
/// Sums of implied cells over classes or types follow from these and need no relation of their own.
/// </summary>
internal sealed class DisclosureTable
{
    /// <summary>The counts of one class that are published, in JSON order.</summary>
    public static IReadOnlyList<CountField> ClassFields { get; } =
    [
        CountField.Cases, CountField.Courses, CountField.Assessed, CountField.Complete, CountField.Partial,
        CountField.None, CountField.Progression, CountField.Responders, CountField.Recurrences,
    ];

    /// <summary>The class counts that add up over classes to allTreatments (all but cases).</summary>
    private static readonly CountField[] AdditiveClassFields = [.. ClassFields.Where(field => field != CountField.Cases)];

    private static readonly CountField[] TypeFields = [CountField.Cases, CountField.Lesions, CountField.Courses];

    private readonly Dictionary<CellKey, int> indexByKey = [];

    private DisclosureTable()
    {
    }

    public List<DisclosureCell> Cells { get; } = [];

    public List<LinearRelation> Relations { get; } = [];

    /// <summary>The relations each cell takes part in, by cell index.</summary>
    public List<List<int>> RelationsByCell { get; } = [];

    public DisclosureCell this[CellKey key] => Cells[indexByKey[key]];

    public bool Contains(CellKey key) => indexByKey.ContainsKey(key);

    public static DisclosureTable Build(IReadOnlyList<TypeStatistics> types, TypeStatistics allTypes)
    {
        var table = new DisclosureTable();
        var scopes = types.Append(allTypes).ToArray();
        for (var scope = 0; scope < scopes.Length; scope++)
        {
            table.AddScope(scope, scopes[scope]);
        }

        table.AddAcrossTypeRelations(types, allTypes);
        table.EnsureRelationsHold();
        return table;
    }

    /// <summary>
    /// The protection argument rests on the relations being true; statistics that break one were not produced by
    /// StatisticsSummarizer from one registry and cannot be protected by reasoning about these relations.
    /// </summary>
    private void EnsureRelationsHold()
    {
        foreach (var relation in Relations)
        {
            var sum = relation.Terms.Sum(term => (long)term.Coefficient * Cells[term.CellIndex].Value);
            var holds = relation.Kind == RelationKind.EqualsZero ? sum == 0 : sum <= 0;
            if (!holds)
            {
                var cells = string.Join(", ", relation.Terms.Select(term => $"{term.Coefficient:+0;-0} {Cells[term.CellIndex].Key}"));
                throw new ArgumentException($"The statistics are inconsistent: {cells} should be {relation.Kind}.");
            }
        }
    }

    private void AddScope(int scope, TypeStatistics statistics)
    {
        var typeCases = AddCell(new CellKey(scope, null, CountField.Cases), statistics.Cases, isImplied: false);
        AddCell(new CellKey(scope, null, CountField.Lesions), statistics.Lesions, isImplied: false);
        var typeCourses = AddCell(new CellKey(scope, null, CountField.Courses), statistics.Courses, isImplied: false);

        var allClass = statistics.AllTreatments;
        AddClass(scope, allClass);
        foreach (var treatment in statistics.ByTreatment)
        {
            AddClass(scope, treatment);
        }

        int AllCell(CountField field) => indexByKey[new CellKey(scope, allClass.Class, field)];

        AddRelation(RelationKind.EqualsZero, (typeCourses, 1), (AllCell(CountField.Courses), -1));
        var withoutCourses = AddCell(
            new CellKey(scope, null, CountField.CasesWithoutCourses), statistics.Cases - allClass.Cases, isImplied: true);
        AddRelation(RelationKind.EqualsZero, (typeCases, 1), (AllCell(CountField.Cases), -1), (withoutCourses, -1));

        foreach (var treatment in statistics.ByTreatment)
        {
            var classCases = indexByKey[new CellKey(scope, treatment.Class, CountField.Cases)];
            var withoutClass = AddCell(
                new CellKey(scope, treatment.Class, CountField.CasesWithoutClass), allClass.Cases - treatment.Cases, isImplied: true);
            AddRelation(RelationKind.EqualsZero, (AllCell(CountField.Cases), 1), (classCases, -1), (withoutClass, -1));
        }

        if (statistics.ByTreatment.Count > 0)
        {
            AddRelation(
                RelationKind.AtMostZero,
                [(AllCell(CountField.Cases), 1), .. statistics.ByTreatment.Select(treatment => (indexByKey[new CellKey(scope, treatment.Class, CountField.Cases)], -1))]);
        }

        foreach (var field in AdditiveClassFields)
        {
            AddRelation(
                RelationKind.EqualsZero,
                [(AllCell(field), -1), .. statistics.ByTreatment.Select(treatment => (indexByKey[new CellKey(scope, treatment.Class, field)], 1))]);
        }
    }

    private void AddClass(int scope, TreatmentStatistics treatment)
    {
        if (indexByKey.ContainsKey(new CellKey(scope, treatment.Class, CountField.Cases)))
        {
            throw new ArgumentException($"Treatment class '{treatment.Class}' is listed twice in one type.", nameof(treatment));
        }

        int Cell(CountField field, int value) => AddCell(new CellKey(scope, treatment.Class, field), value, isImplied: false);

        var cases = Cell(CountField.Cases, treatment.Cases);
        var courses = Cell(CountField.Courses, treatment.Courses);
        var assessed = Cell(CountField.Assessed, treatment.Assessed);
        var complete = Cell(CountField.Complete, treatment.Complete);
        var partial = Cell(CountField.Partial, treatment.Partial);
        var none = Cell(CountField.None, treatment.None);
        var progression = Cell(CountField.Progression, treatment.Progression);
        var responders = Cell(CountField.Responders, treatment.Recurrence.Responders);
        var recurrences = Cell(CountField.Recurrences, treatment.Recurrence.Recurrences);
        var unassessed = AddCell(
            new CellKey(scope, treatment.Class, CountField.Unassessed), treatment.Courses - treatment.Assessed, isImplied: true);
        var nonRecurred = AddCell(
            new CellKey(scope, treatment.Class, CountField.NonRecurred),
            treatment.Recurrence.Responders - treatment.Recurrence.Recurrences,
            isImplied: true);

        AddRelation(RelationKind.EqualsZero, (complete, 1), (partial, 1), (none, 1), (progression, 1), (assessed, -1));
        AddRelation(RelationKind.EqualsZero, (complete, 1), (partial, 1), (responders, -1));
        AddRelation(RelationKind.EqualsZero, (courses, 1), (assessed, -1), (unassessed, -1));
        AddRelation(RelationKind.EqualsZero, (responders, 1), (recurrences, -1), (nonRecurred, -1));
        AddRelation(RelationKind.AtMostZero, (cases, 1), (courses, -1));
    }

    private void AddAcrossTypeRelations(IReadOnlyList<TypeStatistics> types, TypeStatistics allTypes)
    {
        var allScope = types.Count;
        foreach (var field in TypeFields)
        {
            AddRelation(
                RelationKind.EqualsZero,
                [(indexByKey[new CellKey(allScope, null, field)], -1), .. Enumerable.Range(0, types.Count).Select(scope => (indexByKey[new CellKey(scope, null, field)], 1))]);
        }

        var classesOfAllTypes = allTypes.ByTreatment.Select(treatment => treatment.Class).Append(allTypes.AllTreatments.Class).ToHashSet(StringComparer.Ordinal);
        for (var scope = 0; scope < types.Count; scope++)
        {
            var missing = types[scope].ByTreatment.FirstOrDefault(treatment => !classesOfAllTypes.Contains(treatment.Class));
            if (missing is not null)
            {
                throw new ArgumentException($"Class '{missing.Class}' of type '{types[scope].CalcinosisType}' is missing from the all-types statistics.", nameof(allTypes));
            }

            if (!string.Equals(types[scope].AllTreatments.Class, allTypes.AllTreatments.Class, StringComparison.Ordinal))
            {
                throw new ArgumentException("Every scope must name its allTreatments entry alike.", nameof(types));
            }
        }

        foreach (var className in allTypes.ByTreatment.Select(treatment => treatment.Class).Append(allTypes.AllTreatments.Class))
        {
            foreach (var field in ClassFields)
            {
                var members = Enumerable.Range(0, types.Count)
                    .Where(scope => Contains(new CellKey(scope, className, field)))
                    .Select(scope => (indexByKey[new CellKey(scope, className, field)], 1));
                AddRelation(RelationKind.EqualsZero, [(indexByKey[new CellKey(allScope, className, field)], -1), .. members]);
            }
        }
    }

    private int AddCell(CellKey key, int value, bool isImplied)
    {
        if (value < 0)
        {
            throw new ArgumentException($"Count {key} is negative ({value}); the statistics are inconsistent.");
        }

        var index = Cells.Count;
        Cells.Add(new DisclosureCell(index, key, value, isImplied));
        RelationsByCell.Add([]);
        indexByKey.Add(key, index);
        return index;
    }

    private void AddRelation(RelationKind kind, params (int CellIndex, int Coefficient)[] terms)
    {
        var relationIndex = Relations.Count;
        Relations.Add(new LinearRelation([.. terms.Select(term => new RelationTerm(term.CellIndex, term.Coefficient))], kind));
        foreach (var (cellIndex, _) in terms)
        {
            RelationsByCell[cellIndex].Add(relationIndex);
        }
    }
}
