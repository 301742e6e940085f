namespace CalcinosisRegistry.Domain.Statistics.Disclosure;

/// <summary>
/// Plays the reader: from the published counts and the relations of <see cref="DisclosureTable"/>, which withheld
/// cells can be pinned to a single value? The reader knows every relation, that counts are whole numbers, that a
/// suppressed field is at least 1 (zeros are always published) and that an implied cell is at least 0. The audit
/// combines exact elimination (reduced row echelon form over the unknown cells, which finds every cell fixed by
/// linear combinations of the equalities) with bound propagation over the equalities, their reduced combinations
/// and the inequalities (which finds cells fixed by non-negativity, e.g. two withheld cells adding up to 2).
/// </summary>
internal static class DisclosureAuditor
{
    /// <summary>Below this a coefficient, right-hand side or bound step is rounding noise: the exact value is 0.</summary>
    internal const double Tolerance = 1e-7;

    /// <summary>Bounds tighten by at least 1 per pass when they move, so this only stops pathological creeping.</summary>
    private const int MaximumPropagationPasses = 1_000;

    /// <summary>
    /// The indexes of cells that must stay hidden but that the reader can determine exactly. Elimination and bound
    /// propagation run in rounds: the cells pinned by one round are known to the next, whose elimination over the
    /// remaining unknowns can pin more (over linked views, bounds from one view feed sums in another).
    /// </summary>
    public static IReadOnlyList<int> FindRecoverableCells(DisclosureTable table, int k)
    {
        var unknownCells = table.Cells.Where(cell => cell.IsUnknownToReader).Select(cell => cell.Index).ToArray();
        var pinned = new Dictionary<int, double>();
        while (true)
        {
            var open = unknownCells.Where(cell => !pinned.ContainsKey(cell)).ToArray();
            var columnOfCell = new Dictionary<int, int>(open.Length);
            for (var column = 0; column < open.Length; column++)
            {
                columnOfCell.Add(open[column], column);
            }

            var constraints = table.Relations.Select(relation => AsSeenByReader(relation, table, columnOfCell, pinned)).ToList();
            constraints.RemoveAll(constraint => constraint.Columns.Length == 0);
            // Which unknowns become pivots depends on the column order, and bound propagation over the reduced rows
            // pins different cells with different pivots. Eliminating once with the withheld fields first (each
            // expressed through the implied cells) and once with the implied cells first pins what either order would.
            var equalities = constraints.Where(constraint => constraint.IsEquality).ToList();
            var withheldFirst = Enumerable.Range(0, open.Length).OrderBy(column => table.Cells[open[column]].IsImplied).ToArray();
            var reduced = ReducedCombinations(equalities, withheldFirst).Concat(ReducedCombinations(equalities, [.. withheldFirst.Reverse()])).ToList();
            constraints.AddRange(reduced.Select(row => row.Equality));

            var lower = new double[open.Length];
            var upper = new double[open.Length];
            for (var column = 0; column < open.Length; column++)
            {
                lower[column] = table.Cells[open[column]].IsSuppressed ? 1 : 0;
                upper[column] = double.PositiveInfinity;
            }

            var converged = Propagate(constraints, lower, upper);

            var newlyPinned = Enumerable.Range(0, open.Length).Where(column => lower[column] == upper[column]).ToArray();
            foreach (var column in newlyPinned)
            {
                pinned.Add(open[column], lower[column]);
            }

            if (newlyPinned.Length == 0 || (converged && !NextRoundCanPinMore(reduced, column => lower[column] == upper[column])))
            {
                break;
            }
        }

        return [.. unknownCells.Where(cell => pinned.ContainsKey(cell) && table.Cells[cell].MustStayHidden(k))];
    }

    /// <summary>
    /// Whether the next round, with the cells pinned now known, can pin anything more. It can only through a new
    /// reduced form: if every reduced row whose pivot is now pinned has all its other unknowns pinned too, the next
    /// round's reduced rows are these rows with the pinned cells substituted (the reduced form is unique, and
    /// dropping non-pivot columns keeps the others' form), the rows of pinned pivots becoming 0 = 0. Propagation over
    /// the same constraints then reaches no tighter bounds than the converged ones of this round, so nothing new is
    /// pinned and the round is skipped.
    /// </summary>
    private static bool NextRoundCanPinMore(List<(int PivotColumn, LinearConstraint Equality)> reduced, Func<int, bool> isPinned) =>
        reduced.Any(row => isPinned(row.PivotColumn) && !row.Equality.Columns.All(isPinned));

    private static LinearConstraint AsSeenByReader(
        LinearRelation relation, DisclosureTable table, Dictionary<int, int> columnOfCell, Dictionary<int, double> pinned)
    {
        var columns = new List<int>();
        var coefficients = new List<double>();
        var rightHandSide = 0.0;
        foreach (var term in relation.Terms)
        {
            if (columnOfCell.TryGetValue(term.CellIndex, out var column))
            {
                columns.Add(column);
                coefficients.Add(term.Coefficient);
            }
            else
            {
                var value = pinned.TryGetValue(term.CellIndex, out var known) ? known : table.Cells[term.CellIndex].Value;
                rightHandSide -= term.Coefficient * value;
            }
        }

        return new LinearConstraint([.. columns], [.. coefficients], rightHandSide, relation.Kind == RelationKind.EqualsZero);
    }

    /// <summary>
    /// The rows of the reduced row echelon form of the equalities: each expresses one pivot unknown through free
    /// unknowns only, so a pivot with no free unknown left is determined outright, whatever combination fixes it.
    /// </summary>
    /// <remarks>
    /// The reduced form is unique for a column order, whichever row each pivot is taken from, but the work is not:
    /// taking the first row with the largest entry filled the rows in and cost seconds over linked views. So rows are
    /// sparse, only the rows holding the pivot's column are touched, and the pivot comes from the shortest row whose
    /// entry is at least a tenth of the largest (threshold pivoting, for numerical stability). Forward elimination
    /// clears each pivot's column from the rows not yet used as pivots; back substitution then clears it from the
    /// earlier pivot rows.
    /// </remarks>
    private static List<(int PivotColumn, LinearConstraint Equality)> ReducedCombinations(List<LinearConstraint> equalities, int[] columnOrder)
    {
        var rowsOfColumn = new HashSet<int>[columnOrder.Length];
        for (var column = 0; column < rowsOfColumn.Length; column++)
        {
            rowsOfColumn[column] = [];
        }

        var rows = new SparseRow[equalities.Count];
        for (var row = 0; row < rows.Length; row++)
        {
            rows[row] = new SparseRow(row, equalities[row], rowsOfColumn);
        }

        var isPivotRow = new bool[rows.Length];
        var pivotRows = new List<(int Column, int Row)>();
        foreach (var column in columnOrder)
        {
            var largest = 0.0;
            foreach (var row in rowsOfColumn[column])
            {
                if (!isPivotRow[row])
                {
                    largest = Math.Max(largest, Math.Abs(rows[row][column]));
                }
            }

            if (largest < Tolerance)
            {
                continue;
            }

            var best = -1;
            foreach (var row in rowsOfColumn[column])
            {
                if (!isPivotRow[row] && Math.Abs(rows[row][column]) >= 0.1 * largest
                    && (best < 0 || rows[row].Count < rows[best].Count || (rows[row].Count == rows[best].Count && row < best)))
                {
                    best = row;
                }
            }

            isPivotRow[best] = true;
            pivotRows.Add((column, best));
            var pivotEntries = rows[best].Normalize(column);
            foreach (var row in rowsOfColumn[column].ToArray())
            {
                if (!isPivotRow[row])
                {
                    rows[row].Eliminate(column, pivotEntries, rows[best].RightHandSide, rowsOfColumn);
                }
            }
        }

        // Back substitution, last pivot first: a pivot row is final by the time it is used, so it carries free
        // unknowns only and fills no other row with a pivot column that would have to be cleared again.
        for (var pivot = pivotRows.Count - 1; pivot >= 0; pivot--)
        {
            var (column, pivotRow) = pivotRows[pivot];
            var pivotEntries = rows[pivotRow].Entries();
            foreach (var row in rowsOfColumn[column].ToArray())
            {
                if (row != pivotRow)
                {
                    rows[row].Eliminate(column, pivotEntries, rows[pivotRow].RightHandSide, rowsOfColumn);
                }
            }
        }

        return [.. pivotRows.Select(pivot => (pivot.Column, rows[pivot.Row].ToEquality()))];
    }

    /// <summary>Tightens integer bounds from every constraint until nothing moves; false if it gave up first.</summary>
    private static bool Propagate(List<LinearConstraint> constraints, double[] lower, double[] upper)
    {
        for (var pass = 0; pass < MaximumPropagationPasses; pass++)
        {
            var moved = false;
            foreach (var constraint in constraints)
            {
                moved |= Tighten(constraint, lower, upper);
            }

            if (!moved)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Tighten(LinearConstraint constraint, double[] lower, double[] upper)
    {
        // Σ a·x over all terms lies in [minimum, maximum]; infinite parts are counted apart so one term can be left out.
        var finiteMinimum = 0.0;
        var infiniteMinimumTerms = 0;
        var finiteMaximum = 0.0;
        var infiniteMaximumTerms = 0;
        for (var term = 0; term < constraint.Columns.Length; term++)
        {
            var (low, high) = TermRange(constraint, term, lower, upper);
            if (double.IsInfinity(low)) { infiniteMinimumTerms++; } else { finiteMinimum += low; }
            if (double.IsInfinity(high)) { infiniteMaximumTerms++; } else { finiteMaximum += high; }
        }

        var moved = false;
        for (var term = 0; term < constraint.Columns.Length; term++)
        {
            var (low, high) = TermRange(constraint, term, lower, upper);
            var restMinimum = infiniteMinimumTerms - (double.IsInfinity(low) ? 1 : 0) > 0
                ? double.NegativeInfinity
                : finiteMinimum - (double.IsInfinity(low) ? 0 : low);
            var restMaximum = infiniteMaximumTerms - (double.IsInfinity(high) ? 1 : 0) > 0
                ? double.PositiveInfinity
                : finiteMaximum - (double.IsInfinity(high) ? 0 : high);

            // a·x ≤ rhs − restMinimum always; a·x ≥ rhs − restMaximum for an equality.
            var termAtMost = constraint.RightHandSide - restMinimum;
            var termAtLeast = constraint.IsEquality ? constraint.RightHandSide - restMaximum : double.NegativeInfinity;
            var coefficient = constraint.Coefficients[term];
            var column = constraint.Columns[term];
            var (newLower, newUpper) = coefficient > 0
                ? (termAtLeast / coefficient, termAtMost / coefficient)
                : (termAtMost / coefficient, termAtLeast / coefficient);

            // Counts are whole numbers, so a bound may be rounded inwards.
            if (!double.IsInfinity(newLower) && Math.Ceiling(newLower - Tolerance) > lower[column])
            {
                lower[column] = Math.Ceiling(newLower - Tolerance);
                moved = true;
            }

            if (!double.IsInfinity(newUpper) && Math.Floor(newUpper + Tolerance) < upper[column])
            {
                upper[column] = Math.Floor(newUpper + Tolerance);
                moved = true;
            }
        }

        return moved;
    }

    private static (double Low, double High) TermRange(LinearConstraint constraint, int term, double[] lower, double[] upper)
    {
        var coefficient = constraint.Coefficients[term];
        var column = constraint.Columns[term];
        return coefficient > 0
            ? (coefficient * lower[column], coefficient * upper[column])
            : (coefficient * upper[column], coefficient * lower[column]);
    }
}
