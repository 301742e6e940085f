using System.Globalization;
using CalcinosisRegistry.Domain.Audit;

namespace CalcinosisRegistry.Endpoints.Auditing;

/// <summary>
/// Bounds the audit trail's growth under a flood (finding 14.3). The first <c>recordedPerInterval</c> 401s (or 429s)
/// from a source (a client address, or a token) in an interval are recorded as usual; the rest in that interval are
/// only counted, and when the interval is over they become ONE entry (action <c>refusals.repeated</c>) that says how
/// many there were, from which source, and between which times. So a source adds at most
/// <c>recordedPerInterval + 1</c> entries per status per interval, however fast it sends. Every other outcome is
/// recorded one by one, as before.
/// </summary>
public sealed class RefusalAggregator(TimeSpan interval, int recordedPerInterval)
{
    public const string RepeatedAction = "refusals.repeated";

    /// <summary>Beyond this many sources in one interval, new ones share one window per status (memory stays bounded).</summary>
    private const int MaxSources = 10_000;

    private readonly Dictionary<(string Source, int Status), Window> _windows = [];
    private readonly Lock _lock = new();

    /// <summary>When the earliest open window ends: until then there is nothing to take, and no window is scanned.</summary>
    private DateTimeOffset _nextExpiry = DateTimeOffset.MaxValue;

    public static bool Aggregates(int status) => status is 401 or 429;

    /// <summary>True when the event is counted in its source's open window instead of being recorded.</summary>
    public bool Absorb(string source, AuditEvent refusal, DateTimeOffset now)
    {
        var status = refusal.Status ?? 0;
        if (!Aggregates(status))
        {
            return false;
        }

        lock (_lock)
        {
            if (_windows.Count >= MaxSources && !_windows.ContainsKey((source, status)))
            {
                source = "many sources";
            }

            if (!_windows.TryGetValue((source, status), out var window) || now >= window.Start + interval)
            {
                window = new Window(refusal, now);
                _windows[(source, status)] = window;
                if (now + interval < _nextExpiry)
                {
                    _nextExpiry = now + interval;
                }
            }

            if (window.Recorded < recordedPerInterval)
            {
                window.Recorded++;
                return false;
            }

            window.Count++;
            window.Last = now;
            return true;
        }
    }

    /// <summary>The summary entries of the windows that are over (those that counted any repeat), removing them.</summary>
    public List<AuditEvent> TakeExpired(DateTimeOffset now)
    {
        var summaries = new List<AuditEvent>();
        lock (_lock)
        {
            if (now < _nextExpiry)
            {
                return summaries;
            }

            foreach (var (key, window) in _windows.Where(pair => now >= pair.Value.Start + interval).ToList())
            {
                _windows.Remove(key);
                if (window.Count > 0)
                {
                    summaries.Add(window.First with
                    {
                        At = now,
                        Action = RepeatedAction,
                        SiteId = null,
                        CaseId = null,
                        VersionBefore = null,
                        VersionAfter = null,
                        Detail = string.Create(CultureInfo.InvariantCulture,
                            $"{window.Count} more {key.Status} refusals from {key.Source} between {window.Start:O} and {window.Last:O}, counted instead of recorded one by one"),
                    });
                }
            }

            _nextExpiry = _windows.Count == 0 ? DateTimeOffset.MaxValue : _windows.Values.Min(window => window.Start) + interval;
        }

        return summaries;
    }

    private sealed class Window(AuditEvent first, DateTimeOffset start)
    {
        public AuditEvent First { get; } = first;

        public DateTimeOffset Start { get; } = start;

        public DateTimeOffset Last { get; set; } = start;

        public int Recorded { get; set; }

        /// <summary>How many were counted instead of recorded.</summary>
        public int Count { get; set; }
    }
}
