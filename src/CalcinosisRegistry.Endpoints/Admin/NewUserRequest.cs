using CalcinosisRegistry.Domain.Access;

namespace CalcinosisRegistry.Endpoints.Admin;

/// <summary>A user to create; <c>sites</c> only for researchers; <c>oidcSubject</c> maps an OpenID Connect identity.</summary>
public sealed record NewUserRequest(string UserId, string DisplayName, RegistryRole Role, IReadOnlyList<string>? Sites, string? OidcSubject);
