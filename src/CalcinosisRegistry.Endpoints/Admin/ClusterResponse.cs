namespace CalcinosisRegistry.Endpoints.Admin;

public sealed record ClusterResponse(int ActiveSilos, int TotalActivations, IReadOnlyList<SiloResponse> Silos);
