namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// A closed-loop load: <see cref="Workers"/> clients each sending one request after the other, until
/// <see cref="Duration"/> has passed or <see cref="RequestLimit"/> requests were sent (whichever is set/first).
/// </summary>
public sealed record LoadPlan(int Workers, TimeSpan? Duration, long? RequestLimit = null, TimeSpan? PauseBetweenRequests = null);
