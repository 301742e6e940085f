using Orleans.Runtime;

namespace CalcinosisRegistry.Contracts;

/// <summary>
/// Grain references for the registry's string-keyed grains, without Orleans' per-call interface lookup.
/// </summary>
/// <remarks>
/// <c>IGrainFactory.GetGrain&lt;T&gt;(string)</c> works out the interface's <see cref="GrainInterfaceType"/> from its
/// custom attributes on every call. Under write load that reflection was 3–4 % of a silo's CPU (perf, durable
/// benchmark): every case write gets references to its case, site and shard grains. An interface's grain type and
/// interface type never change while the process runs, so they are taken from the first reference Orleans builds
/// for it and reused. A grain type Orleans could not resolve yet (a client that has not received the cluster's
/// manifest gets a placeholder in the system namespace) is never kept.
/// </remarks>
public static class GrainReferences
{
    public static TGrain GetRegistryGrain<TGrain>(this IGrainFactory grains, string key)
        where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (Resolved<TGrain>.Types is { } types)
        {
            return (TGrain)grains.GetGrain(GrainId.Create(types.GrainType, key), types.InterfaceType);
        }

        var grain = grains.GetGrain<TGrain>(key);
        if (grain is GrainReference reference && !reference.GrainId.Type.ToString()!.StartsWith(GrainTypePrefix.SystemPrefix, StringComparison.Ordinal))
        {
            Resolved<TGrain>.Types = (reference.GrainId.Type, reference.InterfaceType);
        }

        return grain;
    }

    /// <summary>One slot per interface; a race between two first calls stores the same values twice.</summary>
    private static class Resolved<TGrain>
    {
        public static (GrainType GrainType, GrainInterfaceType InterfaceType)? Types;
    }
}
