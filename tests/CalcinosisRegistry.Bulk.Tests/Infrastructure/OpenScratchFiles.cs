namespace CalcinosisRegistry.Bulk.Tests.Infrastructure;

/// <summary>What this process (the test host's registry) has open in a scratch directory, read from Linux's /proc.</summary>
public static class OpenScratchFiles
{
    /// <summary>The targets of this process's open file descriptors named <c>calcreg-{purpose}-…</c> in <paramref name="scratch"/>; an unlinked one ends with " (deleted)".</summary>
    public static List<string> In(string scratch, string purpose) =>
        [.. Directory.EnumerateFileSystemEntries("/proc/self/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .OfType<string>()
            .Where(target => target.StartsWith($"{scratch}/calcreg-{purpose}-", StringComparison.Ordinal))];
}
