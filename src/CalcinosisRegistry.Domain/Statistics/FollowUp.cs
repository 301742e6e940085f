namespace CalcinosisRegistry.Domain.Statistics;

/// <summary>
/// Operations on follow-up as arrays of <see cref="DayCounts"/> sorted by day with one entry per day: built from
/// unsorted observations by one integer sort, merged in linear time, never held in a tree or a hash table.
/// </summary>
public static class FollowUp
{
    /// <summary>
    /// One observation packed for sorting: the day times two, plus one when it recurred, so that sorting the packed
    /// values sorts by day and one pass counts the events and censorings of each day.
    /// </summary>
    public static int Pack(int day, bool recurred)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(day);
        return checked((day * 2) + (recurred ? 1 : 0));
    }

    /// <summary>Sorts <paramref name="packed"/> (values of <see cref="Pack"/>, reordered in place) and counts each day.</summary>
    public static DayCounts[] FromPacked(Span<int> packed)
    {
        if (packed.IsEmpty)
        {
            return [];
        }

        packed.Sort();
        var days = 1;
        for (var index = 1; index < packed.Length; index++)
        {
            if (packed[index] >> 1 != packed[index - 1] >> 1)
            {
                days++;
            }
        }

        var result = new DayCounts[days];
        var slot = -1;
        var currentDay = -1;
        var (events, censored) = (0, 0);
        foreach (var value in packed)
        {
            var day = value >> 1;
            if (day != currentDay)
            {
                if (slot >= 0)
                {
                    result[slot] = new DayCounts(currentDay, events, censored);
                }

                (slot, currentDay, events, censored) = (slot + 1, day, 0, 0);
            }

            if ((value & 1) == 1)
            {
                events++;
            }
            else
            {
                censored++;
            }
        }

        result[slot] = new DayCounts(currentDay, events, censored);
        return result;
    }

    /// <summary>The sum of two sorted follow-ups, sorted, in one pass.</summary>
    public static DayCounts[] Merge(DayCounts[] first, DayCounts[] second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Length == 0)
        {
            return second;
        }

        if (second.Length == 0)
        {
            return first;
        }

        var merged = new DayCounts[first.Length + second.Length];
        var (a, b, count) = (0, 0, 0);
        while (a < first.Length && b < second.Length)
        {
            var (left, right) = (first[a], second[b]);
            if (left.Day == right.Day)
            {
                merged[count++] = new DayCounts(left.Day, left.Events + right.Events, left.Censored + right.Censored);
                (a, b) = (a + 1, b + 1);
            }
            else if (left.Day < right.Day)
            {
                merged[count++] = left;
                a++;
            }
            else
            {
                merged[count++] = right;
                b++;
            }
        }

        first.AsSpan(a).CopyTo(merged.AsSpan(count));
        count += first.Length - a;
        second.AsSpan(b).CopyTo(merged.AsSpan(count));
        count += second.Length - b;
        return count == merged.Length ? merged : merged[..count];
    }

    /// <summary>The sum of many sorted follow-ups, merged pairwise in rounds so each entry is copied about log₂(n) times.</summary>
    public static DayCounts[] MergeAll(IReadOnlyList<DayCounts[]> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            return [];
        }

        var round = parts.ToArray();
        while (round.Length > 1)
        {
            var next = new DayCounts[(round.Length + 1) / 2][];
            for (var index = 0; index < next.Length; index++)
            {
                var pair = 2 * index;
                next[index] = pair + 1 < round.Length ? Merge(round[pair], round[pair + 1]) : round[pair];
            }

            round = next;
        }

        return round[0];
    }
}
