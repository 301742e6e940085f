namespace CalcinosisRegistry.Domain.Audit;

/// <summary>
/// A filter over the log. Every non-null filter must match exactly (ordinal, case-sensitive, as stored);
/// <paramref name="From"/> is inclusive and <paramref name="To"/> exclusive on <see cref="AuditEvent.At"/>.
/// Results come in listing order (<see cref="AuditEntry.Position"/>; for the original chain alone, its sequence),
/// starting after the position <paramref name="AfterSequence"/>, at most <paramref name="Limit"/>
/// (1..<see cref="MaxLimit"/>) of them; the page's <see cref="AuditPage.NextAfterSequence"/> continues the listing.
/// </summary>
public sealed record AuditQuery(
    string? Actor,
    string? SiteId,
    string? CaseId,
    string? Action,
    string? Outcome,
    DateTimeOffset? From,
    DateTimeOffset? To,
    long? AfterSequence,
    int Limit)
{
    /// <summary>Upper bound of <see cref="Limit"/>: a page is held in memory and, as CSV, in one response.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>Throws when <see cref="Limit"/> is outside 1..<see cref="MaxLimit"/>; the web tier validates first.</summary>
    public void EnsureValid()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Limit, 1, nameof(Limit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Limit, MaxLimit, nameof(Limit));
    }

    /// <summary>Whether <paramref name="entry"/> passes every filter except the paging position.</summary>
    public bool Matches(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var e = entry.Event;
        return (Actor is null || string.Equals(e.Actor, Actor, StringComparison.Ordinal))
            && (SiteId is null || string.Equals(e.SiteId, SiteId, StringComparison.Ordinal))
            && (CaseId is null || string.Equals(e.CaseId, CaseId, StringComparison.Ordinal))
            && (Action is null || string.Equals(e.Action, Action, StringComparison.Ordinal))
            && (Outcome is null || string.Equals(e.Outcome, Outcome, StringComparison.Ordinal))
            && (From is null || e.At >= From.Value)
            && (To is null || e.At < To.Value);
    }
}
