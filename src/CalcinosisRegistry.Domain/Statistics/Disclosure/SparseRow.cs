using System.Runtime.InteropServices;

namespace CalcinosisRegistry.Domain.Statistics.Disclosure;

/// <summary>
/// One row of an elimination: its non-zero coefficients by column and its right-hand side. Keeps
/// <c>rowsOfColumn</c> (the rows holding each column, shared by all rows of the elimination) in step as entries
/// appear and cancel, so a pivot touches only the rows that hold its column.
/// </summary>
internal sealed class SparseRow
{
    private readonly Dictionary<int, double> coefficients;
    private readonly int index;

    public SparseRow(int index, LinearConstraint constraint, HashSet<int>[] rowsOfColumn)
    {
        this.index = index;
        coefficients = new Dictionary<int, double>(constraint.Columns.Length);
        for (var term = 0; term < constraint.Columns.Length; term++)
        {
            coefficients[constraint.Columns[term]] = constraint.Coefficients[term];
            rowsOfColumn[constraint.Columns[term]].Add(index);
        }

        RightHandSide = constraint.RightHandSide;
    }

    public double RightHandSide { get; private set; }

    public int Count => coefficients.Count;

    public double this[int column] => coefficients.TryGetValue(column, out var value) ? value : 0;

    /// <summary>Scales the row so that <paramref name="pivotColumn"/> holds exactly 1; returns its entries.</summary>
    public (int Column, double Value)[] Normalize(int pivotColumn)
    {
        var pivot = coefficients[pivotColumn];
        foreach (var column in coefficients.Keys.ToArray())
        {
            coefficients[column] = column == pivotColumn ? 1 : coefficients[column] / pivot;
        }

        RightHandSide /= pivot;
        return Entries();
    }

    public (int Column, double Value)[] Entries() => [.. coefficients.Select(entry => (entry.Key, entry.Value))];

    /// <summary>Subtracts the multiple of the pivot row (<paramref name="pivotEntries"/>) that clears its column exactly.</summary>
    public void Eliminate(int pivotColumn, (int Column, double Value)[] pivotEntries, double pivotRightHandSide, HashSet<int>[] rowsOfColumn)
    {
        var factor = coefficients[pivotColumn];
        foreach (var (column, value) in pivotEntries)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(coefficients, column, out var existed);
            entry -= factor * value;
            if (column == pivotColumn || Math.Abs(entry) < DisclosureAuditor.Tolerance)
            {
                coefficients.Remove(column);
                if (existed)
                {
                    rowsOfColumn[column].Remove(index);
                }
            }
            else if (!existed)
            {
                rowsOfColumn[column].Add(index);
            }
        }

        RightHandSide -= factor * pivotRightHandSide;
        if (Math.Abs(RightHandSide) < DisclosureAuditor.Tolerance)
        {
            RightHandSide = 0;
        }
    }

    /// <summary>The row as an equality over ascending columns.</summary>
    public LinearConstraint ToEquality()
    {
        var columns = coefficients.Keys.Order().ToArray();
        return new LinearConstraint(columns, [.. columns.Select(column => coefficients[column])], RightHandSide, IsEquality: true);
    }
}
