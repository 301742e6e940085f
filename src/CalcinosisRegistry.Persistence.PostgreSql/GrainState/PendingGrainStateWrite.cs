namespace CalcinosisRegistry.Persistence.PostgreSql.GrainState;

/// <summary>
/// One grain's state write waiting for a <see cref="GrainStateGroupCommit"/> round trip: the storage row's identity
/// and content as Orleans' ADO.NET provider would write them, and the caller waiting for the outcome.
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
    int GrainTypeHash)
{
    private readonly TaskCompletionSource<int?> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The stored row's new version, or null when the write was refused (a stale or duplicate first write).</summary>
    public Task<int?> Outcome => _outcome.Task;

    public void Stored(int? newVersion) => _outcome.TrySetResult(newVersion);

    public void Failed(Exception failure) => _outcome.TrySetException(failure);
}
