namespace CalcinosisRegistry.Persistence.PostgreSql.Commit;

/// <summary>
/// One grain's state row as Orleans' ADO.NET provider would write it: its identity, content and the version the grain
/// read. What <see cref="GroupCommitWriter"/> writes (<see cref="GrainStateSql"/>).
/// </summary>
/// <param name="StateName">The state name, stored as <c>grain_type_string</c> as the provider does.</param>
/// <param name="GrainKey">The whole string key, stored as <c>grain_id_extension_string</c> (<c>n0 = n1 = 0</c>).</param>
/// <param name="ExpectedVersion">The ETag as a version; null for a first write.</param>
internal sealed record PendingGrainStateWrite(
    string StateName,
    string GrainKey,
    int? ExpectedVersion,
    byte[] Payload,
    int GrainIdHash,
    int GrainTypeHash);
