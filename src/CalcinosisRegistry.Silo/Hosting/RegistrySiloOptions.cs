namespace CalcinosisRegistry.Silo.Hosting;

/// <summary>The <c>Registry</c> configuration section (environment: <c>Registry__SiloPort</c> and so on).</summary>
public sealed class RegistrySiloOptions
{
    public const string Section = "Registry";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    public string ClusterId { get; set; } = "calcinosis-registry";

    public string ServiceId { get; set; } = "calcinosis-registry";

    /// <summary>
    /// The address other silos and clients use to reach this one. Empty: loopback (every silo on one machine), or,
    /// with <see cref="AdvertiseHostAddress"/>, this host's first IPv4 address (containers).
    /// </summary>
    public string? AdvertisedIp { get; set; }

    public bool AdvertiseHostAddress { get; set; }

    /// <summary>Serve the Orleans Dashboard at <c>/dashboard</c> (off by default: its call profiling costs throughput).</summary>
    public bool Dashboard { get; set; }

    /// <summary>
    /// Running as a Kubernetes pod: the pod's name, IP and namespace come from the Orleans Kubernetes integration
    /// (which also removes silos whose pods are gone); membership stays in PostgreSQL.
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>Apply the database migrations at start-up (under an advisory lock, so silos may start together).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// How long a graceful stop (SIGTERM) may take before the host gives up on what is left and exits. A stop
    /// usually takes a few seconds. After a peer silo was killed, an activation has been seen to hang in
    /// deactivation until the host's limit (.NET's default is 30 s), so the limit is kept well inside the grace
    /// periods of docker-compose.yml (45 s) and deploy/k8s (60 s). Exiting early loses nothing acknowledged: case
    /// states are committed, and index rows not yet stored are published again from their pending marks.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
