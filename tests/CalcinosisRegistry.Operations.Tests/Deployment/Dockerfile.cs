namespace CalcinosisRegistry.Operations.Tests.Deployment;

/// <summary>
/// The build stage of a Dockerfile (its first stage), as the steps an image build runs: COPY from the build context
/// and RUN. Line continuations are joined and comments dropped; nothing else of the syntax is needed here.
/// </summary>
internal sealed record Dockerfile(string Name, string WorkDirectory, IReadOnlyList<DockerStep> BuildSteps, string? Entrypoint)
{
    public static Dockerfile Read(string path)
    {
        var instructions = Instructions(File.ReadAllLines(path)).ToList();
        var workDirectory = "/";
        var steps = new List<DockerStep>();
        var stage = 0;
        string? entrypoint = null;
        foreach (var (keyword, arguments) in instructions)
        {
            switch (keyword)
            {
                case "FROM":
                    stage++;
                    break;
                case "WORKDIR" when stage == 1:
                    workDirectory = arguments;
                    break;
                case "COPY" when stage == 1:
                    var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    steps.Add(new DockerStep.Copy(parts[..^1], parts[^1]));
                    break;
                case "RUN" when stage == 1:
                    steps.Add(new DockerStep.Run(arguments));
                    break;
                case "ENTRYPOINT":
                    entrypoint = arguments;
                    break;
            }
        }

        return new Dockerfile(System.IO.Path.GetFileName(path), workDirectory, steps, entrypoint);
    }

    /// <summary>The project the image publishes: the argument of <c>RUN dotnet publish</c>.</summary>
    public string PublishedProject => DotnetArgument("publish");

    /// <summary>The project restored before the sources are copied: the argument of <c>RUN dotnet restore</c>.</summary>
    public string RestoredProject => DotnetArgument("restore");

    /// <summary>The files COPY'd before <c>dotnet restore</c> runs.</summary>
    public IReadOnlyList<string> FilesCopiedBeforeRestore =>
        [.. BuildSteps.TakeWhile(step => step is not DockerStep.Run run || !run.Command.StartsWith("dotnet restore", StringComparison.Ordinal))
            .OfType<DockerStep.Copy>().SelectMany(copy => copy.Sources)];

    private string DotnetArgument(string verb) =>
        BuildSteps.OfType<DockerStep.Run>().Select(run => run.Command.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Single(words => words.Length > 2 && words[0] == "dotnet" && words[1] == verb)[2];

    private static IEnumerable<(string Keyword, string Arguments)> Instructions(IEnumerable<string> lines)
    {
        var pending = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || line.Length == 0 && pending.Length == 0)
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var whole = (pending + line).Trim();
            pending = "";
            var space = whole.IndexOf(' ', StringComparison.Ordinal);
            yield return space < 0 ? (whole.ToUpperInvariant(), "") : (whole[..space].ToUpperInvariant(), whole[(space + 1)..].Trim());
        }
    }
}
