namespace CalcinosisRegistry.Domain.Statistics.Disclosure;

/// <summary>One row of an elimination: the non-zero coefficients by ascending column, and the right-hand side.</summary>
internal sealed record SparseRow(int[] Columns, double[] Values, double RightHandSide)
{
    /// <summary>Below this a coefficient or right-hand side is rounding noise: the exact value is 0.</summary>
    private const double Tolerance = 1e-7;

    public static SparseRow From(LinearConstraint constraint)
    {
        var order = Enumerable.Range(0, constraint.Columns.Length).OrderBy(term => constraint.Columns[term]).ToArray();
        return new SparseRow([.. order.Select(term => constraint.Columns[term])], [.. order.Select(term => constraint.Coefficients[term])], constraint.RightHandSide);
    }

    public int IndexOf(int column) => Array.BinarySearch(Columns, column) is var index and >= 0 ? index : -1;

    public double ValueAt(int column) => IndexOf(column) is var index and >= 0 ? Values[index] : 0;

    /// <summary>The row scaled so that <paramref name="pivotColumn"/> holds exactly 1.</summary>
    public SparseRow DividedBy(double pivot, int pivotColumn)
    {
        var values = Values.Select(value => value / pivot).ToArray();
        values[IndexOf(pivotColumn)] = 1;
        return new SparseRow(Columns, values, RightHandSide / pivot);
    }

    /// <summary>
    /// This row minus <paramref name="factor"/> times <paramref name="pivotRow"/>, which clears
    /// <paramref name="pivotColumn"/> exactly; every column the row gains lists the row (<paramref name="self"/>) in
    /// <paramref name="rowsOfColumn"/>.
    /// </summary>
    public SparseRow MinusMultipleOf(SparseRow pivotRow, double factor, int pivotColumn, List<int>[] rowsOfColumn, int self)
    {
        var columns = new int[Columns.Length + pivotRow.Columns.Length];
        var values = new double[columns.Length];
        var count = 0;
        var mine = 0;
        var theirs = 0;
        while (mine < Columns.Length || theirs < pivotRow.Columns.Length)
        {
            int column;
            double value;
            if (theirs == pivotRow.Columns.Length || (mine < Columns.Length && Columns[mine] < pivotRow.Columns[theirs]))
            {
                (column, value) = (Columns[mine], Values[mine]);
                mine++;
            }
            else if (mine == Columns.Length || pivotRow.Columns[theirs] < Columns[mine])
            {
                (column, value) = (pivotRow.Columns[theirs], -factor * pivotRow.Values[theirs]);
                theirs++;
                if (column != pivotColumn && Math.Abs(value) >= Tolerance)
                {
                    rowsOfColumn[column].Add(self);
                }
            }
            else
            {
                (column, value) = (Columns[mine], Values[mine] - (factor * pivotRow.Values[theirs]));
                mine++;
                theirs++;
            }

            if (column != pivotColumn && Math.Abs(value) >= Tolerance)
            {
                columns[count] = column;
                values[count] = value;
                count++;
            }
        }

        var rightHandSide = RightHandSide - (factor * pivotRow.RightHandSide);
        return new SparseRow(columns[..count], values[..count], Math.Abs(rightHandSide) < Tolerance ? 0 : rightHandSide);
    }
}
