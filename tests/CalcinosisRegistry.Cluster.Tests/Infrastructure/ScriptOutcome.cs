namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>What a script run produced; postgres.sh prints the connection string as its last output line.</summary>
internal sealed record ScriptOutcome(int ExitCode, string StandardOutput, string StandardError)
{
    public string LastOutputLine =>
        StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? string.Empty;

    public string Describe() => $"exit code {ExitCode}; stderr: {StandardError.Trim()}";
}
