namespace CalcinosisRegistry.PostgreSql.Tests.Grains;

/// <summary>Same shape as <see cref="ICounterGrain"/> but persisted under a different state name.</summary>
public interface IOtherCounterGrain : ICounterGrain;
