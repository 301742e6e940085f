using CalcinosisRegistry.Persistence.PostgreSql.Audit;

namespace CalcinosisRegistry.PostgreSql.Tests;

/// <summary>
/// Dependencies point one way: Persistence implements the storage interfaces of the contracts and never needs the
/// grain implementations, so a host that uses it only for clustering and the audit log (the API) does not load them.
/// </summary>
public sealed class DependencyDirectionTests
{
    [Fact]
    public void Persistence_references_the_contracts_and_not_the_grains()
    {
        var referenced = typeof(PostgreSqlAuditLog).Assembly.GetReferencedAssemblies().Select(name => name.Name).ToList();

        Assert.Contains("CalcinosisRegistry.Contracts", referenced);
        Assert.DoesNotContain("CalcinosisRegistry.Grains", referenced);
    }
}
