using CalcinosisRegistry.Domain.Audit;

namespace CalcinosisRegistry.Domain.Tests.Audit;

/// <summary>Varied events (nulls, every field set, awkward text) and chains built from them.</summary>
internal static class SampleAuditEvents
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 15, 2, TimeSpan.Zero);

    public static AuditEvent Event(int i) => new(
        At: Start.AddSeconds(i).AddTicks(i * 10),
        Actor: i % 3 == 0 ? "ana@north" : "ben@south",
        Role: i % 2 == 0 ? "site-editor" : "analyst",
        Action: (i % 4) switch { 0 => "case.read", 1 => "case.create", 2 => "case.replace", _ => "statistics.read" },
        SiteId: i % 4 == 3 ? null : (i % 2 == 0 ? "north-general" : "south-clinic"),
        CaseId: i % 4 == 3 ? null : $"MAYO-{i:D4}",
        VersionBefore: i % 4 == 2 ? i : null,
        VersionAfter: i % 4 is 1 or 2 ? i + 1 : null,
        Outcome: i % 5 == 0 ? "denied" : "allowed",
        Status: i % 5 == 0 ? 403 : 200,
        Detail: i % 2 == 0 ? null : $"detail, \"quoted\" {i}");

    public static List<AuditEntry> Chain(int count)
    {
        var entries = new List<AuditEntry>(count);
        for (var i = 1; i <= count; i++)
        {
            entries.Add(AuditChain.Append(entries.Count == 0 ? null : entries[^1], Event(i)));
        }

        return entries;
    }
}
