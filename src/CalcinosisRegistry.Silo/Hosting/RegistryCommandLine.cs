namespace CalcinosisRegistry.Silo.Hosting;

/// <summary>The registry's own switches, taken out before the rest goes to ASP.NET Core's configuration.</summary>
public sealed record RegistryCommandLine(bool LoadDemoCohort, string[] HostArguments)
{
    public const string DemoSwitch = "--demo";

    public static RegistryCommandLine Parse(string[] args) =>
        new(args.Contains(DemoSwitch, StringComparer.Ordinal), [.. args.Where(a => a != DemoSwitch)]);
}
