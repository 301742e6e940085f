namespace CalcinosisRegistry.Contracts.Cases;

[GenerateSerializer, Alias("calcinosis.CaseOperation")]
public enum CaseOperation
{
    Create = 0,
    Replace = 1,
    Withdraw = 2,
}
