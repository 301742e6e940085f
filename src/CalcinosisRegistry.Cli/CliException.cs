namespace CalcinosisRegistry.Cli;

/// <summary>A failure told to the user as a sentence (with the problem document's details), ending the command with <see cref="ExitCode"/>.</summary>
public sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
