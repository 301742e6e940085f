namespace CalcinosisRegistry.Operations.Tests.Deployment;

internal abstract record DockerStep
{
    /// <summary><c>COPY src... dest</c> from the build context (not <c>--from</c> another stage).</summary>
    public sealed record Copy(IReadOnlyList<string> Sources, string Destination) : DockerStep;

    public sealed record Run(string Command) : DockerStep;
}
