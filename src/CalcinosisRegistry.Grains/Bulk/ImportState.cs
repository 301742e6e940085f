using CalcinosisRegistry.Contracts.Bulk;

namespace CalcinosisRegistry.Grains.Bulk;

/// <summary>An import's counts and phase; its cases and faults are in the <see cref="IImportStagingStore"/>.</summary>
[GenerateSerializer, Alias("calcinosis.ImportState")]
public sealed class ImportState
{
    [Id(0)] public ImportDraft? Draft { get; set; }

    [Id(2)] public ImportPhase Phase { get; set; }

    [Id(3)] public DateTimeOffset? CommitStartedAt { get; set; }

    [Id(4)] public DateTimeOffset? CommitFinishedAt { get; set; }

    [Id(5)] public ImportCounts Outcomes { get; set; } = new();
}
