namespace CalcinosisRegistry.Contracts.Access;

[GenerateSerializer, Alias("calcinosis.AccessChangeError")]
public enum AccessChangeError
{
    NotFound = 0,
    AlreadyExists = 1,
    Invalid = 2,
}
