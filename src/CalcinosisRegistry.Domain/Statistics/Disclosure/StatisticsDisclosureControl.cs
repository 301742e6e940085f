namespace CalcinosisRegistry.Domain.Statistics.Disclosure;

/// <summary>
/// Statistical disclosure control of the published statistics for non-admin callers.
/// <list type="number">
/// <item>Primary suppression: every count from 1 to k−1 is withheld (0 is published: it reveals no one).</item>
/// <item>Complementary suppression over the whole published set at once, since the relations of
///   <see cref="DisclosureTable"/> tie classes to allTreatments, types to "all types", each site's view to the
///   all-sites view, and counts to their implied differences. First the classic rule: while a relation has exactly one unknown cell that must stay hidden,
///   withhold the smallest non-zero published member of that relation. Then an audit plays the reader
///   (<see cref="DisclosureAuditor"/>: exact elimination plus bound propagation with non-negativity); for every cell it
///   can still pin down, the smallest non-zero published count nearest to it in the relations is withheld too. Both
///   repeat until the audit recovers nothing.</item>
/// <item>Derived values follow their counts: a rate is withheld when the published counts do not give it
///   (response rate: complete and partial, or responders, over assessed; complete-response rate: complete, assessed;
///   recurrence proportion: recurrences, responders). The Kaplan–Meier curve, survivalAt and medianDays are withheld when responders or
///   recurrences is withheld or when any step of the curve has an at-risk, event or censored count from 1 to k−1:
///   survival values are products of (1 − events/at risk) and reveal small steps, so the curve is published whole
///   or not at all.</item>
/// </list>
/// Zeros are never withheld, so every withheld count is known to be at least 1; the audit assumes the reader knows it.
/// The result depends only on the input (fixed iteration orders, ties broken by position).
/// </summary>
public static class StatisticsDisclosureControl
{
    /// <summary>The threshold used when configuration does not set one.</summary>
    public const int DefaultK = 5;

    /// <summary>Protects the published set; the curves are published (when safe) exactly when the input carries them.</summary>
    public static PublishedStatistics Suppress(IReadOnlyList<TypeStatistics> types, TypeStatistics allTypes, int k) =>
        Suppress(types, allTypes, k, publishCurve: true);

    /// <summary>
    /// Protects the published set. Survival at fixed days and the median are judged against the input's curves, so
    /// for a response without curves summarise with curves and pass <paramref name="publishCurve"/> false: without
    /// the curve the small steps behind survivalAt and medianDays cannot be seen, and only the counts rule applies.
    /// </summary>
    public static PublishedStatistics Suppress(IReadOnlyList<TypeStatistics> types, TypeStatistics allTypes, int k, bool publishCurve)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(allTypes);
        return Suppress([new StatisticsView(null, types, allTypes)], k, publishCurve)[0];
    }

    /// <summary>
    /// Protects the linked set of views a caller can request together: the all-sites view first, then each site's
    /// view (whose counts add up to it). One table holds them all, so no count withheld in one view can be recovered
    /// by differencing another (all sites minus the published sites gives the last site). Returns the published
    /// views in the order given.
    /// </summary>
    public static IReadOnlyList<PublishedStatistics> Suppress(IReadOnlyList<StatisticsView> views, int k, bool publishCurve)
    {
        ArgumentNullException.ThrowIfNull(views);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);

        var table = DisclosureTable.Build(views);
        foreach (var cell in table.Cells.Where(cell => !cell.IsImplied && DisclosureCell.IsDisclosive(cell.Value, k)))
        {
            cell.IsSuppressed = true;
        }

        SuppressComplements(table, k);

        var curvesWithheld = CurvesWithheld(table, views, k);
        return [.. views.Select((view, index) =>
        {
            bool withheld(int scope, string className) => curvesWithheld.Contains((index, scope, className));
            return new PublishedStatistics(
                [.. view.Types.Select((statistics, scope) => PublishType(table, DisclosureTable.ScopeOf(views, index, scope), statistics, k, publishCurve, name => withheld(scope, name)))],
                PublishType(table, DisclosureTable.ScopeOf(views, index, view.Types.Count), view.AllTypes, k, publishCurve, name => withheld(view.Types.Count, name)),
                k);
        })];
    }

    /// <summary>
    /// Curves add up day by day in two families: a view's type curves of one class make its "all types" curve of that
    /// class (each case has one type), and the sites' curves of one type and class make the all-sites curve (each case
    /// has one site). One withheld curve next to its published siblings and their published total would be the total
    /// minus the siblings. So a view's "all types" curve is withheld when any of its type curves is, and the sites'
    /// curves of a type and class are published only when none of them and not the all-sites curve is withheld.
    /// Each rule can trigger the other, so both repeat until nothing changes. Returns (view, scope within the view,
    /// class) of every withheld curve, those withheld on their own included.
    /// </summary>
    private static HashSet<(int View, int Scope, string Class)> CurvesWithheld(DisclosureTable table, IReadOnlyList<StatisticsView> views, int k)
    {
        var withheld = new HashSet<(int View, int Scope, string Class)>();
        for (var view = 0; view < views.Count; view++)
        {
            var scopes = views[view].Types.Append(views[view].AllTypes).ToArray();
            for (var scope = 0; scope < scopes.Length; scope++)
            {
                var tableScope = DisclosureTable.ScopeOf(views, view, scope);
                foreach (var treatment in scopes[scope].ByTreatment.Append(scopes[scope].AllTreatments))
                {
                    bool Hidden(CountField field) => table[new CellKey(tableScope, treatment.Class, field)].IsSuppressed;
                    if (Hidden(CountField.Responders) || Hidden(CountField.Recurrences) || HasSmallStep(treatment.Recurrence, k))
                    {
                        withheld.Add((view, scope, treatment.Class));
                    }
                }
            }
        }

        var allTypesScope = views[0].Types.Count;
        int before;
        do
        {
            before = withheld.Count;
            foreach (var (view, scope, className) in withheld.ToArray())
            {
                withheld.Add((view, allTypesScope, className));
                for (var site = 1; site < views.Count; site++)
                {
                    withheld.Add((site, scope, className));
                }
            }
        }
        while (withheld.Count != before);

        return withheld;
    }

    private static bool HasSmallStep(RecurrenceStatistics recurrence, int k) =>
        recurrence.Curve?.Any(step =>
            DisclosureCell.IsDisclosive(step.AtRisk, k)
            || DisclosureCell.IsDisclosive(step.Events, k)
            || DisclosureCell.IsDisclosive(step.Censored, k)) ?? false;

    private static void SuppressComplements(DisclosureTable table, int k)
    {
        while (true)
        {
            ApplySingleUnknownRule(table, k);

            var recoverable = DisclosureAuditor.FindRecoverableCells(table, k);
            if (recoverable.Count == 0)
            {
                return;
            }

            // One complement can protect several recovered cells of the same relation, so a relation that already got
            // a complement in this round is left to the next audit.
            var relationsTouched = new HashSet<int>();
            var progress = false;
            foreach (var cellIndex in recoverable)
            {
                if (table.RelationsByCell[cellIndex].Any(relationsTouched.Contains))
                {
                    continue;
                }

                if (NearestComplement(table, cellIndex) is { } complement)
                {
                    table.Cells[complement].IsSuppressed = true;
                    relationsTouched.UnionWith(table.RelationsByCell[complement]);
                    progress = true;
                }
            }

            if (!progress)
            {
                // Nothing connected is left to withhold; unreachable for consistent statistics, since a cell whose
                // relations hold only unknowns and zeros cannot be pinned to a non-zero value.
                return;
            }
        }
    }

    /// <summary>A relation with exactly one unknown cell gives that cell away by subtraction.</summary>
    private static void ApplySingleUnknownRule(DisclosureTable table, int k)
    {
        bool changed;
        do
        {
            changed = false;
            foreach (var relation in table.Relations.Where(relation => relation.Kind == RelationKind.EqualsZero))
            {
                var unknown = relation.Terms.Where(term => table.Cells[term.CellIndex].IsUnknownToReader).ToArray();
                if (unknown.Length != 1 || !table.Cells[unknown[0].CellIndex].MustStayHidden(k))
                {
                    continue;
                }

                var complement = SmallestPublishedNonZero(table, relation.Terms.Select(term => term.CellIndex));
                if (complement is { } cellIndex)
                {
                    table.Cells[cellIndex].IsSuppressed = true;
                    changed = true;
                }
            }
        }
        while (changed);
    }

    /// <summary>
    /// The smallest non-zero published count among the relations of <paramref name="cellIndex"/>; if there is none,
    /// among the relations of the unknown cells reached through them, and so on outwards.
    /// </summary>
    private static int? NearestComplement(DisclosureTable table, int cellIndex)
    {
        var visited = new HashSet<int> { cellIndex };
        var frontier = new List<int> { cellIndex };
        while (frontier.Count > 0)
        {
            var members = frontier
                .SelectMany(index => table.RelationsByCell[index])
                .Distinct()
                .Order()
                .SelectMany(relationIndex => table.Relations[relationIndex].Terms.Select(term => term.CellIndex))
                .ToArray();
            if (SmallestPublishedNonZero(table, members) is { } complement)
            {
                return complement;
            }

            frontier = [.. members.Where(index => table.Cells[index].IsUnknownToReader && visited.Add(index))];
        }

        return null;
    }

    private static int? SmallestPublishedNonZero(DisclosureTable table, IEnumerable<int> cellIndexes) =>
        cellIndexes
            .Select(index => table.Cells[index])
            .Where(cell => !cell.IsUnknownToReader && cell.Value > 0)
            .OrderBy(cell => cell.Value)
            .ThenBy(cell => cell.Index)
            .Select(cell => (int?)cell.Index)
            .FirstOrDefault();

    private static PublishedTypeStatistics PublishType(
        DisclosureTable table, int scope, TypeStatistics statistics, int k, bool publishCurve, Func<string, bool> curveWithheld)
    {
        var suppressed = new List<string>();
        var casesHidden = table[new CellKey(scope, null, CountField.Cases)].IsSuppressed;
        int? Count(string name, CountField field, int value, bool? hidden = null) =>
            Mark(suppressed, name, hidden ?? table[new CellKey(scope, null, field)].IsSuppressed) ? null : value;

        return new PublishedTypeStatistics(
            statistics.CalcinosisType,
            Count("casesIncluded", CountField.Cases, statistics.CasesIncluded, casesHidden),
            Count("cases", CountField.Cases, statistics.Cases),
            Count("lesions", CountField.Lesions, statistics.Lesions),
            Count("courses", CountField.Courses, statistics.Courses),
            [.. statistics.ByTreatment.Select(treatment => PublishClass(table, scope, treatment, k, publishCurve, curveWithheld(treatment.Class)))],
            PublishClass(table, scope, statistics.AllTreatments, k, publishCurve, curveWithheld(statistics.AllTreatments.Class)),
            suppressed.Count > 0 ? suppressed : null)
        {
            K = k,
        };
    }

    private static PublishedTreatmentStatistics PublishClass(
        DisclosureTable table, int scope, TreatmentStatistics treatment, int k, bool publishCurve, bool curveWithheld)
    {
        bool Hidden(CountField field) => table[new CellKey(scope, treatment.Class, field)].IsSuppressed;

        var suppressed = new List<string>();
        int? Count(string name, CountField field, int value) => Mark(suppressed, name, Hidden(field)) ? null : value;

        var cases = Count("cases", CountField.Cases, treatment.Cases);
        var courses = Count("courses", CountField.Courses, treatment.Courses);
        var assessed = Count("assessed", CountField.Assessed, treatment.Assessed);
        var complete = Count("complete", CountField.Complete, treatment.Complete);
        var partial = Count("partial", CountField.Partial, treatment.Partial);
        var none = Count("none", CountField.None, treatment.None);
        var progression = Count("progression", CountField.Progression, treatment.Progression);
        // A rate is withheld only when no published counts give it: responders = complete + partial, so a published
        // responders count over a published assessed count gives the response rate even when complete or partial is
        // withheld; withholding it then would hide nothing and only mislead.
        var respondersShown = !Hidden(CountField.Responders);
        var responseRate = Mark(suppressed, "responseRate", assessed is null || ((complete is null || partial is null) && !respondersShown))
            ? Proportion.Unavailable
            : treatment.ResponseRate;
        var completeResponseRate = Mark(suppressed, "completeResponseRate", complete is null || assessed is null)
            ? Proportion.Unavailable
            : treatment.CompleteResponseRate;

        return new PublishedTreatmentStatistics(
            treatment.Class, cases, courses, assessed, complete, partial, none, progression, responseRate, completeResponseRate,
            PublishRecurrence(treatment.Recurrence, Hidden(CountField.Responders), Hidden(CountField.Recurrences), k, publishCurve, curveWithheld),
            suppressed.Count > 0 ? suppressed : null);
    }

    private static PublishedRecurrenceStatistics PublishRecurrence(
        RecurrenceStatistics recurrence, bool respondersHidden, bool recurrencesHidden, int k, bool publishCurve, bool curveWithheld)
    {
        var suppressed = new List<string>();
        var responders = Mark(suppressed, "responders", respondersHidden) ? (int?)null : recurrence.Responders;
        var recurrences = Mark(suppressed, "recurrences", recurrencesHidden) ? (int?)null : recurrence.Recurrences;
        var proportion = Mark(suppressed, "proportion", respondersHidden || recurrencesHidden)
            ? Proportion.Unavailable
            : recurrence.Proportion;

        var curveHidden = respondersHidden || recurrencesHidden || curveWithheld || HasSmallStep(recurrence, k);

        var survivalAt = Mark(suppressed, "survivalAt", curveHidden)
            ? recurrence.SurvivalAt.ToDictionary(entry => entry.Key, _ => (double?)null, StringComparer.Ordinal)
            : recurrence.SurvivalAt;
        var medianDays = Mark(suppressed, "medianDays", curveHidden) ? null : recurrence.MedianDays;
        var curve = publishCurve && recurrence.Curve is not null && !Mark(suppressed, "curve", curveHidden)
            ? recurrence.Curve
            : null;

        return new PublishedRecurrenceStatistics(
            responders, recurrences, proportion, survivalAt, medianDays, curve, suppressed.Count > 0 ? suppressed : null);
    }

    /// <summary>Names <paramref name="name"/> as withheld when <paramref name="hidden"/>; returns <paramref name="hidden"/>.</summary>
    private static bool Mark(List<string> suppressed, string name, bool hidden)
    {
        if (hidden)
        {
            suppressed.Add(name);
        }

        return hidden;
    }
}
