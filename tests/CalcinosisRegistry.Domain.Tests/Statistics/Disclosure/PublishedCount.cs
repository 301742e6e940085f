namespace CalcinosisRegistry.Domain.Tests.Statistics.Disclosure;

/// <summary>One count of a published set next to its true value and whether it was marked suppressed.</summary>
internal sealed record PublishedCount(string Name, int? Shown, int Real, bool Marked);
