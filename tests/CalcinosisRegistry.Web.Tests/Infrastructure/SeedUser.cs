namespace CalcinosisRegistry.Web.Tests.Infrastructure;

/// <summary>A provisioned user and the token they sign in with.</summary>
public sealed record SeedUser(string UserId, string Role, string Token);
