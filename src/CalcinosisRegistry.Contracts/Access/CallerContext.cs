namespace CalcinosisRegistry.Contracts.Access;

/// <summary>The <see cref="RequestContext"/> entry that carries the <see cref="CallerIdentity"/> into grain calls.</summary>
public static class CallerContext
{
    public const string Key = "registry.caller";

    public static CallerIdentity? Current => RequestContext.Get(Key) as CallerIdentity;
}
