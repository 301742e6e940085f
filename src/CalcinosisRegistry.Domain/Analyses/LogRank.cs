using CalcinosisRegistry.Domain.Statistics;

namespace CalcinosisRegistry.Domain.Analyses;

/// <summary>
/// Computes the k-sample log-rank test from each group's follow-up (day → events, censored). At each distinct
/// event time t with d events among n at risk, group g (n_g at risk, d_g events) expects n_g·d/n events, and the
/// covariance of the observed-minus-expected vector gains d(n−d)/(n−1) · (n_g/n)(δ_gh − n_h/n). The statistic is
/// (O−E)ᵀ V⁻¹ (O−E) over all groups but the first (V is singular over all of them), as <c>survdiff</c> computes it;
/// groups whose expected count is 0 carry no information and are left out of the quadratic form, as there.
/// </summary>
public static class LogRank
{
    private const double SingularPivot = 1e-12;

    /// <summary>
    /// Null when fewer than two groups are given or no event happened at all. Each group's follow-up is sorted by
    /// day with one entry per day (see <see cref="FollowUp"/>), so the distinct times are walked by one cursor per group.
    /// </summary>
    public static LogRankTest? Test(IReadOnlyList<IReadOnlyList<DayCounts>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var k = groups.Count;
        if (k < 2)
        {
            return null;
        }

        var atRisk = new double[k];
        for (var g = 0; g < k; g++)
        {
            foreach (var time in groups[g])
            {
                atRisk[g] += time.Events + time.Censored;
            }
        }

        var observed = new int[k];
        var expected = new double[k];
        var variance = new double[k, k];
        var cursor = new int[k];
        var events = new int[k];
        var leaving = new int[k];
        while (NextDay(groups, cursor) is { } day)
        {
            var d = 0.0;
            var n = 0.0;
            for (var g = 0; g < k; g++)
            {
                (events[g], leaving[g]) = (0, 0);
                if (cursor[g] < groups[g].Count && groups[g][cursor[g]] is { } time && time.Day == day)
                {
                    (events[g], leaving[g]) = (time.Events, time.Events + time.Censored);
                    cursor[g]++;
                }

                d += events[g];
                n += atRisk[g];
            }

            if (d > 0)
            {
                for (var g = 0; g < k; g++)
                {
                    observed[g] += events[g];
                    expected[g] += atRisk[g] * d / n;
                }

                if (n > 1)
                {
                    var factor = d * (n - d) / (n - 1);
                    for (var g = 0; g < k; g++)
                    {
                        for (var h = 0; h < k; h++)
                        {
                            var kronecker = g == h ? 1.0 : 0.0;
                            variance[g, h] += factor * (atRisk[g] / n) * (kronecker - atRisk[h] / n);
                        }
                    }
                }
            }

            for (var g = 0; g < k; g++)
            {
                atRisk[g] -= leaving[g];
            }
        }

        if (observed.Sum() == 0)
        {
            return null;
        }

        var informative = Enumerable.Range(0, k).Where(g => expected[g] > 0).ToArray();
        if (informative.Length < 2)
        {
            return null;
        }

        var chiSquare = QuadraticForm(informative[1..], observed, expected, variance);
        var df = informative.Length - 1;
        return new LogRankTest(k, chiSquare, df, ChiSquareDistribution.UpperTail(chiSquare, df), observed, expected);
    }

    /// <summary>The smallest day under any group's cursor; null when every group is exhausted.</summary>
    private static int? NextDay(IReadOnlyList<IReadOnlyList<DayCounts>> groups, int[] cursor)
    {
        int? next = null;
        for (var g = 0; g < groups.Count; g++)
        {
            if (cursor[g] < groups[g].Count && (next is null || groups[g][cursor[g]].Day < next))
            {
                next = groups[g][cursor[g]].Day;
            }
        }

        return next;
    }

    /// <summary>xᵀ V⁻¹ x for x = O − E over <paramref name="kept"/>, by Gaussian elimination with partial pivoting.</summary>
    private static double QuadraticForm(int[] kept, int[] observed, double[] expected, double[,] variance)
    {
        var size = kept.Length;
        var matrix = new double[size, size + 1];
        for (var row = 0; row < size; row++)
        {
            for (var column = 0; column < size; column++)
            {
                matrix[row, column] = variance[kept[row], kept[column]];
            }

            matrix[row, size] = observed[kept[row]] - expected[kept[row]];
        }

        for (var pivot = 0; pivot < size; pivot++)
        {
            var best = pivot;
            for (var row = pivot + 1; row < size; row++)
            {
                if (Math.Abs(matrix[row, pivot]) > Math.Abs(matrix[best, pivot]))
                {
                    best = row;
                }
            }

            if (Math.Abs(matrix[best, pivot]) < SingularPivot)
            {
                continue;
            }

            for (var column = 0; column <= size; column++)
            {
                (matrix[pivot, column], matrix[best, column]) = (matrix[best, column], matrix[pivot, column]);
            }

            for (var row = 0; row < size; row++)
            {
                if (row == pivot)
                {
                    continue;
                }

                var factor = matrix[row, pivot] / matrix[pivot, pivot];
                for (var column = pivot; column <= size; column++)
                {
                    matrix[row, column] -= factor * matrix[pivot, column];
                }
            }
        }

        var result = 0.0;
        var differences = kept.Select(g => observed[g] - expected[g]).ToArray();
        for (var row = 0; row < size; row++)
        {
            if (Math.Abs(matrix[row, row]) >= SingularPivot)
            {
                // After Gauss–Jordan elimination row i reads only variable i (row swaps do not reorder variables),
                // so y_i = b'_i / V'_ii solves V y = x, and the form is xᵀy.
                result += matrix[row, size] / matrix[row, row] * differences[row];
            }
        }

        return result;
    }
}
