namespace CalcinosisRegistry.Operations.Tests.Infrastructure;

/// <summary>The checkout these tests were built from: the directory holding CalcinosisRegistry.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "CalcinosisRegistry.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No CalcinosisRegistry.sln above {AppContext.BaseDirectory}.");
    }
}
