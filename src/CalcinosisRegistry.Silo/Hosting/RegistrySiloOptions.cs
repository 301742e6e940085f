namespace CalcinosisRegistry.Silo.Hosting;

/// <summary>The <c>Registry</c> configuration section (environment: <c>Registry__SiloPort</c> and so on).</summary>
public sealed class RegistrySiloOptions
{
    public const string Section = "Registry";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    public string ClusterId { get; set; } = "calcinosis-registry";

    public string ServiceId { get; set; } = "calcinosis-registry";
}
