namespace CalcinosisRegistry.Security.Tests.Infrastructure;

/// <summary>
/// The system clock, moved forward on request. Only the wall-clock time shifts: timers and timestamps (which Orleans
/// and ASP.NET Core use for timeouts and intervals) stay on the system clock, so the host keeps running normally
/// while every "now" (token issue and expiry, audit times) is read as if days had passed.
/// </summary>
public sealed class ShiftableTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
