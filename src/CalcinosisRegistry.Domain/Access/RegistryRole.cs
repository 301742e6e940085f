namespace CalcinosisRegistry.Domain.Access;

/// <summary>What a registry user may do (deny by default: anything not granted to the role is refused).</summary>
public enum RegistryRole
{
    /// <summary>Sites, users, tokens, the cluster, rebuilds, the audit trail and exact statistics; never case documents.</summary>
    Admin,

    /// <summary>Bound to one or more sites: that site's cases, and statistics (suppressed).</summary>
    Researcher,

    /// <summary>Statistics only (suppressed), never a case document.</summary>
    Analyst,
}
