namespace CalcinosisRegistry.Security.Tests.Infrastructure;

/// <summary>Who sends a request in these tests: the provisioned users, nobody, and three kinds of broken credentials.</summary>
public enum Caller
{
    Anonymous,

    /// <summary><c>Authorization: Bearer nonsense</c>.</summary>
    BearerNonsense,

    /// <summary><c>Authorization: Bearer crt_x_y</c>: the registry prefix, but not a token's shape.</summary>
    MalformedRegistryToken,

    /// <summary>researcher-a's real token without the <c>Bearer</c> scheme.</summary>
    TokenWithoutBearerScheme,

    BootstrapAdmin,
    Admin,
    Analyst,
    ResearcherA,
    ResearcherB,
}
