namespace CalcinosisRegistry.Api.Tests.Infrastructure;

/// <summary>Files of the repository the tests use as a user would: README.md, docs/examples, tests/ClientWorkflow.</summary>
public static class RepositoryFiles
{
    /// <summary>The folder holding CalcinosisRegistry.sln, found from the test binaries or the working directory.</summary>
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "CalcinosisRegistry.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("The repository root (CalcinosisRegistry.sln) was not found above the test binaries.");
    }
}
