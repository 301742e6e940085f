using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Domain.Statistics.Disclosure;

namespace CalcinosisRegistry.Domain.Tests.Statistics.Disclosure;

/// <summary>
/// A reader who sees only the published set and tries to recover every withheld cell. Written apart from the
/// production auditor: its own relation list, exact rational elimination, single-unknown substitution and integer
/// bound propagation (withheld fields are at least 1 since zeros are published; implied differences at least 0),
/// all repeated on each other's results until nothing new is learnt. It reads every view a caller can request
/// (all sites and each site: sums across sites, types and classes) and every published figure that gives a count
/// (across fields: a rate times its published denominator gives its numerator, a published curve gives its
/// responders and recurrences).
/// </summary>
internal sealed class ReaderAttack
{
    private static readonly string[] ClassFields = ["cases", "courses", "assessed", "complete", "partial", "none", "progression", "responders", "recurrences"];

    private readonly Dictionary<string, long> known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> truth = new(StringComparer.Ordinal);
    private readonly HashSet<string> withheld = new(StringComparer.Ordinal);
    private readonly HashSet<string> implied = new(StringComparer.Ordinal);
    private readonly List<AttackRelation> relations = [];
    private readonly List<(string Numerator, double Estimate, string Denominator)> rates = [];
    private readonly List<(string Variable, long Value)> curveFacts = [];

    private ReaderAttack()
    {
    }

    /// <summary>Cells the reader pins down that had to stay hidden: withheld fields, and implied cells in 1..k−1.</summary>
    public static IReadOnlyList<string> RecoveredSecrets(
        PublishedStatistics published, IReadOnlyList<TypeStatistics> types, TypeStatistics allTypes) =>
        RecoveredSecrets([published], [new StatisticsView(null, types, allTypes)]);

    /// <summary>The same over linked views: the all-sites view first, then each site's, as the caller can request them.</summary>
    public static IReadOnlyList<string> RecoveredSecrets(IReadOnlyList<PublishedStatistics> published, IReadOnlyList<StatisticsView> views)
    {
        var attack = new ReaderAttack();
        var scopesPerView = views[0].Types.Count + 1;
        for (var view = 0; view < views.Count; view++)
        {
            var scopes = published[view].Types.Append(published[view].AllTypes).ToArray();
            var truths = views[view].Types.Append(views[view].AllTypes).ToArray();
            for (var scope = 0; scope < scopes.Length; scope++)
            {
                attack.ReadScope((view * scopesPerView) + scope, scopes[scope], truths[scope]);
            }

            attack.AddAcrossTypes(view * scopesPerView, published[view]);
        }

        for (var scope = 0; scope < scopesPerView; scope++)
        {
            attack.AddAcrossSites(scope, scopesPerView, published);
        }

        var solved = attack.Solve();
        return [.. solved
            .Where(variable => attack.withheld.Contains(variable)
                || (attack.implied.Contains(variable) && attack.truth[variable] >= 1 && attack.truth[variable] < published[0].K))
            .Select(variable => $"{variable} = {attack.truth[variable]}")];
    }

    private static string Name(int scope, string? treatmentClass, string field) => $"{scope}/{treatmentClass ?? "type"}/{field}";

    private void ReadScope(int scope, PublishedTypeStatistics published, TypeStatistics truthOf)
    {
        ReadCount(Name(scope, null, "cases"), published.Cases, truthOf.Cases, published.Suppressed, "cases");
        ReadCount(Name(scope, null, "lesions"), published.Lesions, truthOf.Lesions, published.Suppressed, "lesions");
        ReadCount(Name(scope, null, "courses"), published.Courses, truthOf.Courses, published.Suppressed, "courses");

        var all = published.AllTreatments.Class;
        var treatments = published.ByTreatment.Zip(truthOf.ByTreatment).Append((published.AllTreatments, truthOf.AllTreatments));
        foreach (var (shown, real) in treatments)
        {
            Assert.Equal(real.Class, shown.Class);
            ReadClass(scope, shown, real);
        }

        Implied(Name(scope, null, "withoutCourses"), truthOf.Cases - truthOf.AllTreatments.Cases);
        Relate(true, (Name(scope, null, "cases"), 1), (Name(scope, all, "cases"), -1), (Name(scope, null, "withoutCourses"), -1));
        Relate(true, (Name(scope, null, "courses"), 1), (Name(scope, all, "courses"), -1));
        foreach (var treatment in truthOf.ByTreatment)
        {
            var without = Name(scope, treatment.Class, "casesWithoutClass");
            Implied(without, truthOf.AllTreatments.Cases - treatment.Cases);
            Relate(true, (Name(scope, all, "cases"), 1), (Name(scope, treatment.Class, "cases"), -1), (without, -1));
        }

        Relate(false, [(Name(scope, all, "cases"), 1), .. published.ByTreatment.Select(treatment => (Name(scope, treatment.Class, "cases"), -1))]);
        foreach (var field in ClassFields.Where(field => field != "cases"))
        {
            Relate(true, [(Name(scope, all, field), -1), .. published.ByTreatment.Select(treatment => (Name(scope, treatment.Class, field), 1))]);
        }
    }

    private void ReadClass(int scope, PublishedTreatmentStatistics shown, TreatmentStatistics real)
    {
        string N(string field) => Name(scope, shown.Class, field);

        ReadCount(N("cases"), shown.Cases, real.Cases, shown.Suppressed, "cases");
        ReadCount(N("courses"), shown.Courses, real.Courses, shown.Suppressed, "courses");
        ReadCount(N("assessed"), shown.Assessed, real.Assessed, shown.Suppressed, "assessed");
        ReadCount(N("complete"), shown.Complete, real.Complete, shown.Suppressed, "complete");
        ReadCount(N("partial"), shown.Partial, real.Partial, shown.Suppressed, "partial");
        ReadCount(N("none"), shown.None, real.None, shown.Suppressed, "none");
        ReadCount(N("progression"), shown.Progression, real.Progression, shown.Suppressed, "progression");
        ReadCount(N("responders"), shown.Recurrence.Responders, real.Recurrence.Responders, shown.Recurrence.Suppressed, "responders");
        ReadCount(N("recurrences"), shown.Recurrence.Recurrences, real.Recurrence.Recurrences, shown.Recurrence.Suppressed, "recurrences");
        Implied(N("unassessed"), real.Courses - real.Assessed);
        Implied(N("nonRecurred"), real.Recurrence.Responders - real.Recurrence.Recurrences);

        // Across fields: a published rate over a published denominator gives its numerator, and a published curve
        // gives its responders (the first step's at-risk) and its recurrences (the sum of its events).
        RateGives(N("responders"), shown.ResponseRate, N("assessed"));
        RateGives(N("complete"), shown.CompleteResponseRate, N("assessed"));
        RateGives(N("recurrences"), shown.Recurrence.Proportion, N("responders"));
        if (shown.Recurrence.Curve is { Count: > 0 } curve)
        {
            curveFacts.Add((N("responders"), curve[0].AtRisk));
            curveFacts.Add((N("recurrences"), curve.Sum(step => step.Events)));
        }

        Relate(true, (N("complete"), 1), (N("partial"), 1), (N("none"), 1), (N("progression"), 1), (N("assessed"), -1));
        Relate(true, (N("complete"), 1), (N("partial"), 1), (N("responders"), -1));
        Relate(true, (N("courses"), 1), (N("assessed"), -1), (N("unassessed"), -1));
        Relate(true, (N("responders"), 1), (N("recurrences"), -1), (N("nonRecurred"), -1));
        Relate(false, (N("cases"), 1), (N("courses"), -1));
    }

    private void AddAcrossTypes(int firstScope, PublishedStatistics published)
    {
        var allScope = firstScope + published.Types.Count;
        foreach (var field in new[] { "cases", "lesions", "courses" })
        {
            Relate(true, [(Name(allScope, null, field), -1), .. Enumerable.Range(firstScope, published.Types.Count).Select(scope => (Name(scope, null, field), 1))]);
        }

        foreach (var treatment in published.AllTypes.ByTreatment.Append(published.AllTypes.AllTreatments))
        {
            foreach (var field in ClassFields)
            {
                // A class a type does not list has no course there, so it adds 0.
                var members = Enumerable.Range(0, published.Types.Count)
                    .Where(type => published.Types[type].ByTreatment.Append(published.Types[type].AllTreatments).Any(entry => entry.Class == treatment.Class))
                    .Select(type => (Name(firstScope + type, treatment.Class, field), 1));
                Relate(true, [(Name(allScope, treatment.Class, field), -1), .. members]);
            }
        }
    }

    /// <summary>Each case has one site: Σ_site x = all-sites x for every count of one type (or "all types").</summary>
    private void AddAcrossSites(int scope, int scopesPerView, IReadOnlyList<PublishedStatistics> published)
    {
        if (published.Count < 2)
        {
            return;
        }

        static PublishedTypeStatistics TypeOf(PublishedStatistics view, int scope) => scope < view.Types.Count ? view.Types[scope] : view.AllTypes;

        var sites = Enumerable.Range(1, published.Count - 1).ToArray();
        foreach (var field in new[] { "cases", "lesions", "courses" })
        {
            Relate(true, [(Name(scope, null, field), -1), .. sites.Select(site => (Name((site * scopesPerView) + scope, null, field), 1))]);
        }

        var allSites = TypeOf(published[0], scope);
        foreach (var treatment in allSites.ByTreatment.Append(allSites.AllTreatments))
        {
            foreach (var field in ClassFields)
            {
                // A class a site does not list has no course there, so it adds 0.
                var members = sites
                    .Where(site => TypeOf(published[site], scope).ByTreatment.Append(TypeOf(published[site], scope).AllTreatments).Any(entry => entry.Class == treatment.Class))
                    .Select(site => (Name((site * scopesPerView) + scope, treatment.Class, field), 1));
                Relate(true, [(Name(scope, treatment.Class, field), -1), .. members]);
            }
        }
    }

    private void ReadCount(string variable, int? shown, int real, IReadOnlyList<string>? suppressed, string field)
    {
        truth.Add(variable, real);
        var marked = suppressed?.Contains(field) ?? false;
        Assert.True(marked == (shown is null), $"{variable}: a null count must be marked suppressed and a marked one null.");
        if (marked)
        {
            Assert.NotEqual(0, real);
            withheld.Add(variable);
        }
        else
        {
            Assert.Equal(real, shown);
            known.Add(variable, real);
        }
    }

    private void Implied(string variable, int real)
    {
        truth.Add(variable, real);
        implied.Add(variable);
    }

    private void RateGives(string numerator, Proportion rate, string denominator)
    {
        if (rate.Estimate is { } estimate)
        {
            rates.Add((numerator, estimate, denominator));
        }
    }

    /// <summary>What the published rates and curves give once their denominators are known.</summary>
    private List<string> ReadFields()
    {
        var learnt = new List<string>();
        foreach (var (variable, value) in curveFacts.Where(fact => !known.ContainsKey(fact.Variable)))
        {
            Learn(variable, value);
            learnt.Add(variable);
        }

        foreach (var (numerator, estimate, denominator) in rates)
        {
            if (!known.ContainsKey(numerator) && known.TryGetValue(denominator, out var trials))
            {
                Learn(numerator, (long)Math.Round(estimate * trials));
                learnt.Add(numerator);
            }
        }

        return learnt;
    }

    private void Relate(bool isEquality, params (string Variable, int Coefficient)[] terms) =>
        relations.Add(new AttackRelation(terms, isEquality));

    private long LowerBoundOf(string variable) => withheld.Contains(variable) ? 1 : 0;

    /// <summary>Runs every technique on the others' results until a round learns nothing; returns what was learnt.</summary>
    private List<string> Solve()
    {
        var learnt = new List<string>();
        while (true)
        {
            var before = learnt.Count;
            learnt.AddRange(ReadFields());
            learnt.AddRange(Substitute());
            learnt.AddRange(EliminateAndPropagate());
            if (learnt.Count == before)
            {
                return learnt;
            }
        }
    }

    private void Learn(string variable, long value)
    {
        Assert.True(truth[variable] == value, $"The attack derived {variable} = {value} but it is {truth[variable]}: a relation is wrong.");
        known.Add(variable, value);
    }

    private List<string> Substitute()
    {
        var learnt = new List<string>();
        bool progress;
        do
        {
            progress = false;
            foreach (var relation in relations.Where(relation => relation.IsEquality))
            {
                var unknown = relation.Terms.Where(term => !known.ContainsKey(term.Variable)).ToArray();
                if (unknown.Length != 1)
                {
                    continue;
                }

                var rest = relation.Terms.Where(term => known.ContainsKey(term.Variable)).Sum(term => term.Coefficient * known[term.Variable]);
                Learn(unknown[0].Variable, -rest / unknown[0].Coefficient);
                learnt.Add(unknown[0].Variable);
                progress = true;
            }
        }
        while (progress);

        return learnt;
    }

    private List<string> EliminateAndPropagate()
    {
        var unknowns = truth.Keys.Where(variable => !known.ContainsKey(variable)).Order(StringComparer.Ordinal).ToArray();
        var column = unknowns.Select((variable, index) => (variable, index)).ToDictionary(pair => pair.variable, pair => pair.index, StringComparer.Ordinal);

        // Rows as (coefficients over unknowns, right-hand side, equality?).
        var rows = new List<(Fraction[] Coefficients, Fraction RightHandSide, bool IsEquality)>();
        foreach (var relation in relations)
        {
            var coefficients = Enumerable.Repeat(Fraction.Zero, unknowns.Length).ToArray();
            Fraction rightHandSide = 0;
            foreach (var (variable, coefficient) in relation.Terms)
            {
                if (known.TryGetValue(variable, out var value))
                {
                    rightHandSide -= coefficient * value;
                }
                else
                {
                    coefficients[column[variable]] += coefficient;
                }
            }

            rows.Add((coefficients, rightHandSide, relation.IsEquality));
        }

        var reduced = ReducedRowEchelon(rows.Where(row => row.IsEquality).Select(row => ((Fraction[])row.Coefficients.Clone(), row.RightHandSide)).ToList(), unknowns.Length);
        var constraints = rows
            .Concat(reduced.Select(row => (row.Coefficients, row.RightHandSide, IsEquality: true)))
            .Select(row => (Terms: Enumerable.Range(0, unknowns.Length).Where(index => !row.Coefficients[index].IsZero).Select(index => (index, row.Coefficients[index].ToDouble())).ToArray(), RightHandSide: row.RightHandSide.ToDouble(), row.IsEquality))
            .Where(row => row.Terms.Length > 0)
            .ToList();

        var lower = unknowns.Select(variable => (double)LowerBoundOf(variable)).ToArray();
        var upper = unknowns.Select(_ => double.PositiveInfinity).ToArray();
        for (var pass = 0; pass < 5_000; pass++)
        {
            var moved = false;
            foreach (var (terms, rightHandSide, isEquality) in constraints)
            {
                foreach (var (index, coefficient) in terms)
                {
                    // Bounds of the other terms, summed plainly: infinities only ever add up with one sign here.
                    var restMinimum = terms.Where(term => term.index != index).Sum(term => term.Item2 > 0 ? term.Item2 * lower[term.index] : term.Item2 * upper[term.index]);
                    var restMaximum = terms.Where(term => term.index != index).Sum(term => term.Item2 > 0 ? term.Item2 * upper[term.index] : term.Item2 * lower[term.index]);
                    var atMost = rightHandSide - restMinimum;
                    var atLeast = isEquality ? rightHandSide - restMaximum : double.NegativeInfinity;
                    var (low, high) = coefficient > 0 ? (atLeast / coefficient, atMost / coefficient) : (atMost / coefficient, atLeast / coefficient);
                    if (!double.IsInfinity(low) && Math.Ceiling(low - 1e-6) > lower[index])
                    {
                        lower[index] = Math.Ceiling(low - 1e-6);
                        moved = true;
                    }

                    if (!double.IsInfinity(high) && Math.Floor(high + 1e-6) < upper[index])
                    {
                        upper[index] = Math.Floor(high + 1e-6);
                        moved = true;
                    }
                }
            }

            if (!moved)
            {
                break;
            }
        }

        var learnt = new List<string>();
        for (var index = 0; index < unknowns.Length; index++)
        {
            Assert.True(lower[index] <= truth[unknowns[index]] && truth[unknowns[index]] <= upper[index], $"Bounds of {unknowns[index]} exclude its value.");
            if (lower[index] == upper[index])
            {
                Learn(unknowns[index], (long)lower[index]);
                learnt.Add(unknowns[index]);
            }
        }

        return learnt;
    }

    private static List<(Fraction[] Coefficients, Fraction RightHandSide)> ReducedRowEchelon(List<(Fraction[] Coefficients, Fraction RightHandSide)> rows, int columns)
    {
        var pivotRow = 0;
        for (var column = 0; column < columns && pivotRow < rows.Count; column++)
        {
            var found = Enumerable.Range(pivotRow, rows.Count - pivotRow).FirstOrDefault(row => !rows[row].Coefficients[column].IsZero, -1);
            if (found < 0)
            {
                continue;
            }

            (rows[pivotRow], rows[found]) = (rows[found], rows[pivotRow]);
            var pivot = rows[pivotRow].Coefficients[column];
            var pivotCoefficients = rows[pivotRow].Coefficients.Select(value => value / pivot).ToArray();
            var pivotRightHandSide = rows[pivotRow].RightHandSide / pivot;
            rows[pivotRow] = (pivotCoefficients, pivotRightHandSide);
            for (var row = 0; row < rows.Count; row++)
            {
                var factor = rows[row].Coefficients[column];
                if (row == pivotRow || factor.IsZero)
                {
                    continue;
                }

                var coefficients = rows[row].Coefficients;
                for (var entry = 0; entry < columns; entry++)
                {
                    if (!pivotCoefficients[entry].IsZero)
                    {
                        coefficients[entry] -= factor * pivotCoefficients[entry];
                    }
                }

                rows[row] = (coefficients, rows[row].RightHandSide - factor * pivotRightHandSide);
            }

            pivotRow++;
        }

        return rows.Take(pivotRow).ToList();
    }
}
