using CalcinosisRegistry.Domain.Cases;
using Orleans.Serialization;

namespace CalcinosisRegistry.Contracts;

public static class RegistrySerialization
{
    private static readonly string DomainNamespace = typeof(CaseDocument).Namespace!.Split('.')[0] + ".Domain";

    /// <summary>
    /// Lets the Domain library's types (case contributions and statistics tallies) cross grain boundaries and sit in
    /// grain state. They are plain records with no Orleans attributes, so Orleans carries them as System.Text.Json;
    /// their type names are therefore part of the stored format and must stay stable.
    /// Every silo and every client must call this.
    /// </summary>
    public static ISerializerBuilder AddRegistryDomainTypes(this ISerializerBuilder serializer) =>
        serializer.AddJsonSerializer(isSupported: IsDomainType);

    private static bool IsDomainType(Type type) =>
        type.Namespace is { } ns && ns.StartsWith(DomainNamespace, StringComparison.Ordinal);
}
