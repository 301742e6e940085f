using CalcinosisRegistry.Domain.Audit;

namespace CalcinosisRegistry.PostgreSql.Tests.Audit;

/// <summary>Varied events: nulls in every nullable field, text that needs quoting, sub-microsecond times.</summary>
internal static class AuditTestEvents
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 15, 2, TimeSpan.FromHours(1));

    public static AuditEvent Event(int i) => new(
        At: Start.AddSeconds(i).AddTicks(i * 3),
        Actor: i % 3 == 0 ? "ana@north" : "ben@south",
        Role: i % 2 == 0 ? "site-editor" : "analyst",
        Action: (i % 4) switch { 0 => "case.read", 1 => "case.create", 2 => "case.replace", _ => "statistics.read" },
        SiteId: i % 4 == 3 ? null : (i % 2 == 0 ? "north-general" : "south-clinic"),
        CaseId: i % 4 == 3 ? null : $"MAYO-{i % 7:D4}",
        VersionBefore: i % 4 == 2 ? i : null,
        VersionAfter: i % 4 is 1 or 2 ? i + 1 : null,
        Outcome: i % 5 == 0 ? "denied" : "allowed",
        Status: i % 5 == 0 ? 403 : 200,
        Detail: i % 2 == 0 ? null : $"détail, \"quoted\"\n{i}",
        TokenId: i % 3 == 1 ? $"tok{i}" : null);

    public static AuditQuery All(int limit = AuditQuery.MaxLimit) => new(null, null, null, null, null, null, null, null, limit);
}
