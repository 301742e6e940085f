namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// One import over HTTP: cases staged and created, the two phases' times and the silo's CPU time in each (less
/// sensitive than wall time to what else runs on the machine), and the silo's peak RSS before, after staging and
/// after the commit.
/// </summary>
public sealed record ImportRun(
    int Staged, int Created, TimeSpan Stage, TimeSpan Commit, TimeSpan StageCpu, TimeSpan CommitCpu, long BaselineMiB, long StagedPeakMiB, long CommittedPeakMiB);
