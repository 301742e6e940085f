namespace CalcinosisRegistry.Bulk.Tests.Infrastructure;

/// <summary>The system clock moved forward by a chosen amount, so an import's expiry can be tested without waiting a day.</summary>
public sealed class ShiftableClock : TimeProvider
{
    private TimeSpan _shift;

    public void Advance(TimeSpan by) => _shift += by;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _shift;
}
