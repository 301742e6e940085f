using System.Text.Json;
using System.Text.Json.Serialization;
using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Endpoints.Admin;
using CalcinosisRegistry.Endpoints.Auditing;
using CalcinosisRegistry.Endpoints.Bulk;
using CalcinosisRegistry.Endpoints.Cases;
using CalcinosisRegistry.Endpoints.Infrastructure;
using CalcinosisRegistry.Endpoints.Security;
using CalcinosisRegistry.Endpoints.Statistics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;

namespace CalcinosisRegistry.Endpoints;

/// <summary>The one place where the HTTP API is registered and mapped, for the silo host and the front end alike.</summary>
public static class RegistryApi
{
    public static IServiceCollection AddRegistryApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRegistrySecurity(configuration);
        // The embedded default keeps the audit trail in memory; durable hosts register the PostgreSQL log first.
        services.TryAddSingleton<IAuditLog, InMemoryAuditLog>();
        services.AddSingleton<AuditRecorder>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddExceptionHandler<RegistryExceptionHandler>();
        services.Configure<JsonOptions>(options =>
        {
            // The vocabulary values of the case document are kebab-case on the wire, and so are the API's own enums.
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        });
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "CalcinosisRegistry";
            document.Info.Description = "A multi-site research registry of de-identified calcinosis cutis cases, with response and recurrence statistics per calcinosis type and treatment class.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        return services;
    }

    public static WebApplication MapRegistryApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = HealthReportWriter.WriteAsync,
            ResultStatusCodes = { [Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable },
        });
        app.MapCasesApi();
        app.MapStatisticsApi();
        app.MapAdminApi();
        app.MapAccessApi();
        app.MapAuditApi();
        app.MapBulkApi();
        return app;
    }
}
