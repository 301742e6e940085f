namespace CalcinosisRegistry.Security.Tests.Matrix;

/// <summary>Who a route admits, which decides the status every caller must get.</summary>
public enum RouteAudience
{
    /// <summary>Reading a site's cases: its researchers; a researcher of another site gets 404, other roles 403.</summary>
    SiteReader,

    /// <summary>Changing a site's cases: its researchers; everyone else authenticated gets 403.</summary>
    SiteWriter,

    /// <summary>Statistics: every role.</summary>
    AnyRole,

    /// <summary>Administration: admins only.</summary>
    Admin,
}
