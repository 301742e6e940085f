namespace CalcinosisRegistry.Endpoints.Security;

public static class RegistryPolicies
{
    public const string Admin = "registry.admin";
    public const string Researcher = "registry.researcher";
    public const string StatisticsReader = "registry.statistics";
}
