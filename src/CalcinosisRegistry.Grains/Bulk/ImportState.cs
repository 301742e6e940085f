using CalcinosisRegistry.Contracts.Bulk;

namespace CalcinosisRegistry.Grains.Bulk;

[GenerateSerializer, Alias("calcinosis.ImportState")]
public sealed class ImportState
{
    [Id(0)] public ImportDraft? Draft { get; set; }

    [Id(1)] public List<ImportCase> Cases { get; set; } = [];

    [Id(2)] public ImportPhase Phase { get; set; }

    [Id(3)] public DateTimeOffset? CommitStartedAt { get; set; }

    [Id(4)] public DateTimeOffset? CommitFinishedAt { get; set; }
}
