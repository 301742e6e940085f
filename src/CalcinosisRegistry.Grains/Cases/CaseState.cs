using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Grains.Cases;

/// <summary>
/// Stored state of one case. After a withdrawal the document and warnings are erased but the version and the
/// history stay, so versions keep increasing if the case is submitted again and late messages stay recognisable.
/// </summary>
[GenerateSerializer, Alias("calcinosis.CaseState")]
public sealed class CaseState
{
    [Id(0)] public int Version { get; set; }

    /// <summary>The canonical JSON of the live document; null when the case is absent or withdrawn.</summary>
    [Id(1)] public string? DocumentJson { get; set; }

    [Id(2)] public List<ValidationWarning> Warnings { get; set; } = [];

    [Id(3)] public DateTimeOffset CreatedAt { get; set; }

    [Id(4)] public DateTimeOffset UpdatedAt { get; set; }

    [Id(5)] public List<CaseHistoryEntry> History { get; set; } = [];

    public bool IsLive => DocumentJson is not null;
}
