using CalcinosisRegistry.Domain.Statistics;

namespace CalcinosisRegistry.Domain.Tests.Statistics;

/// <summary>The sorted follow-up arrays an analysis passes from shards to the curve, counted by hand.</summary>
public sealed class FollowUpTests
{
    [Fact]
    public void PackedObservationsAreSortedAndCountedPerDay()
    {
        // Day 30 recurred, day 5 censored, day 30 censored, day 30 recurred, day 0 recurred.
        int[] packed = [FollowUp.Pack(30, true), FollowUp.Pack(5, false), FollowUp.Pack(30, false), FollowUp.Pack(30, true), FollowUp.Pack(0, true)];

        var counts = FollowUp.FromPacked(packed);

        Assert.Equal([new DayCounts(0, 1, 0), new DayCounts(5, 0, 1), new DayCounts(30, 2, 1)], counts);
    }

    [Fact]
    public void NoObservationsGiveAnEmptyFollowUp() => Assert.Empty(FollowUp.FromPacked([]));

    [Fact]
    public void ANegativeDayIsRefused() => Assert.Throws<ArgumentOutOfRangeException>(() => FollowUp.Pack(-1, false));

    [Fact]
    public void MergingAddsSharedDaysAndKeepsTheOthersInOrder()
    {
        DayCounts[] first = [new(1, 1, 0), new(4, 0, 2), new(9, 1, 1)];
        DayCounts[] second = [new(2, 0, 1), new(4, 3, 0), new(12, 1, 0)];

        Assert.Equal([new DayCounts(1, 1, 0), new DayCounts(2, 0, 1), new DayCounts(4, 3, 2), new DayCounts(9, 1, 1), new DayCounts(12, 1, 0)],
            FollowUp.Merge(first, second));
    }

    [Fact]
    public void MergingManyEqualsMergingOneByOne()
    {
        DayCounts[][] parts = [[new(3, 1, 0)], [], [new(1, 0, 1), new(3, 0, 1)], [new(2, 1, 1)], [new(1, 1, 0), new(7, 0, 1)]];

        Assert.Equal([new DayCounts(1, 1, 1), new DayCounts(2, 1, 1), new DayCounts(3, 1, 1), new DayCounts(7, 0, 1)], FollowUp.MergeAll(parts));
        Assert.Empty(FollowUp.MergeAll([]));
    }
}
