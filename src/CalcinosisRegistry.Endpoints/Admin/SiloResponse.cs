namespace CalcinosisRegistry.Endpoints.Admin;

/// <summary>One silo as the membership table knows it; activation figures only for silos that answer.</summary>
public sealed record SiloResponse(
    string Address,
    string? Name,
    string? HostName,
    string Status,
    DateTime? StartedAt,
    DateTime? LastHeartbeatAt,
    int? Activations);
