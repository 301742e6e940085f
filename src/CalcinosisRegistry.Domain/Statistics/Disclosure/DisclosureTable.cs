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
/// <item>Across views (when the set holds the all-sites view and each site's view): Σ_site x = all-sites x for every
///   type-level count and every class count of every type and of "all types", cases included (each case has exactly
///   one site); a class missing from a site contributes 0. Scopes are numbered view by view: view v, type t is
///   scope v·(types + 1) + t, with "all types" last in each view.</item>
/// </list>
/// Sums of implied cells over classes, types or sites follow from these and need no relation of their own.
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

    /// <summary>
    /// The table of linked views: the first is the all-sites view, any others are the sites' views, whose counts add
    /// up to it. Every view lists the same types in the same order.
    /// </summary>
    public static DisclosureTable Build(IReadOnlyList<StatisticsView> views)
    {
        ArgumentNullException.ThrowIfNull(views);
        ArgumentOutOfRangeException.ThrowIfZero(views.Count);
        var table = new DisclosureTable();
        var typeNames = views[0].Types.Select(type => type.CalcinosisType).ToArray();
        for (var view = 0; view < views.Count; view++)
        {
            if (!views[view].Types.Select(type => type.CalcinosisType).SequenceEqual(typeNames, StringComparer.Ordinal))
            {
                throw new ArgumentException("Every view must list the same types in the same order.", nameof(views));
            }

            var scopes = views[view].Types.Append(views[view].AllTypes).ToArray();
            for (var scope = 0; scope < scopes.Length; scope++)
            {
                table.AddScope(ScopeOf(views, view, scope), scopes[scope]);
            }

            table.AddAcrossTypeRelations(ScopeOf(views, view, 0), views[view].Types, views[view].AllTypes);
        }

        if (views.Count > 1)
        {
            table.AddAcrossSiteRelations(views);
        }

        table.EnsureRelationsHold();
        return table;
    }

    /// <summary>The table's scope index of type <paramref name="scope"/> (the types' count for "all types") in a view.</summary>
    public static int ScopeOf(IReadOnlyList<StatisticsView> views, int view, int scope) => (view * (views[0].Types.Count + 1)) + scope;

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

    private void AddAcrossTypeRelations(int firstScope, IReadOnlyList<TypeStatistics> types, TypeStatistics allTypes)
    {
        var allScope = firstScope + types.Count;
        foreach (var field in TypeFields)
        {
            AddRelation(
                RelationKind.EqualsZero,
                [(indexByKey[new CellKey(allScope, null, field)], -1), .. Enumerable.Range(firstScope, types.Count).Select(scope => (indexByKey[new CellKey(scope, null, field)], 1))]);
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
                var members = Enumerable.Range(firstScope, types.Count)
                    .Where(scope => Contains(new CellKey(scope, className, field)))
                    .Select(scope => (indexByKey[new CellKey(scope, className, field)], 1));
                AddRelation(RelationKind.EqualsZero, [(indexByKey[new CellKey(allScope, className, field)], -1), .. members]);
            }
        }
    }

    /// <summary>Σ_site x = all-sites x, per scope, for the type-level counts and every class count.</summary>
    private void AddAcrossSiteRelations(IReadOnlyList<StatisticsView> views)
    {
        var sites = Enumerable.Range(1, views.Count - 1).ToArray();
        for (var scope = 0; scope <= views[0].Types.Count; scope++)
        {
            var allSites = ScopeOf(views, 0, scope);
            var siteScopes = sites.Select(view => ScopeOf(views, view, scope)).ToArray();
            foreach (var field in TypeFields)
            {
                AddRelation(
                    RelationKind.EqualsZero,
                    [(indexByKey[new CellKey(allSites, null, field)], -1), .. siteScopes.Select(site => (indexByKey[new CellKey(site, null, field)], 1))]);
            }

            var allSitesType = scope < views[0].Types.Count ? views[0].Types[scope] : views[0].AllTypes;
            var classes = allSitesType.ByTreatment.Append(allSitesType.AllTreatments).Select(treatment => treatment.Class).ToHashSet(StringComparer.Ordinal);
            foreach (var site in siteScopes)
            {
                var missing = Cells.FirstOrDefault(cell => cell.Key.Scope == site && cell.Key.Class is { } name && !classes.Contains(name));
                if (missing is not null)
                {
                    throw new ArgumentException($"Class '{missing.Key.Class}' of a site is missing from the all-sites view.", nameof(views));
                }
            }

            foreach (var className in classes.Order(StringComparer.Ordinal))
            {
                foreach (var field in ClassFields)
                {
                    var members = siteScopes
                        .Where(site => Contains(new CellKey(site, className, field)))
                        .Select(site => (indexByKey[new CellKey(site, className, field)], 1));
                    AddRelation(RelationKind.EqualsZero, [(indexByKey[new CellKey(allSites, className, field)], -1), .. members]);
                }
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
