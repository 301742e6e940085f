namespace CalcinosisRegistry.Silo.Hosting;

/// <summary>The registry's own switches, taken out before the rest goes to ASP.NET Core's configuration.</summary>
/// <param name="LoadDemoCohort"><c>--demo</c>: load a synthetic cohort after start-up.</param>
/// <param name="MigrateOnly"><c>migrate</c>: apply the database migrations and exit (for admins who run them separately).</param>
public sealed record RegistryCommandLine(bool LoadDemoCohort, bool MigrateOnly, string[] HostArguments)
{
    public const string DemoSwitch = "--demo";
    public const string MigrateCommand = "migrate";

    public static RegistryCommandLine Parse(string[] args) => new(
        args.Contains(DemoSwitch, StringComparer.Ordinal),
        args.FirstOrDefault() == MigrateCommand,
        [.. args.Where(a => a != DemoSwitch).SkipWhile(a => a == MigrateCommand)]);
}
