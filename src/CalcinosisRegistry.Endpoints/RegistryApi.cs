using System.Text.Json;
using System.Text.Json.Serialization;
using CalcinosisRegistry.Contracts.Bulk;
using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Endpoints.Admin;
using CalcinosisRegistry.Endpoints.Analyses;
using CalcinosisRegistry.Endpoints.Auditing;
using CalcinosisRegistry.Endpoints.Bulk;
using CalcinosisRegistry.Endpoints.Cases;
using CalcinosisRegistry.Endpoints.Infrastructure;
using CalcinosisRegistry.Endpoints.OpenApi;
using CalcinosisRegistry.Endpoints.Operations;
using CalcinosisRegistry.Endpoints.Security;
using CalcinosisRegistry.Endpoints.Sites;
using CalcinosisRegistry.Endpoints.Statistics;
using Microsoft.AspNetCore.Builder;
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
        services.Configure<RegistryDisclosureOptions>(configuration.GetSection(RegistryDisclosureOptions.Section));
        // The embedded default keeps the audit trail in memory; durable hosts register the PostgreSQL log first.
        services.TryAddSingleton<IAuditLog, InMemoryAuditLog>();
        // Likewise staged imports: scratch-file spools embedded, the PostgreSQL staging tables when durable.
        services.TryAddSingleton<IImportStagingStore, SpooledImportStagingStore>();
        services.AddSingleton<AuditRecorder>();
        services.AddSingleton<KnownSites>();
        services.AddSingleton<StatisticsQueries>();
        services.AddSingleton<AnalysisQueries>();
        services.AddSingleton(provider =>
        {
            var security = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<RegistrySecurityOptions>>().Value;
            return new RefusalAggregator(TimeSpan.FromSeconds(Math.Max(1, security.RefusalAggregationSeconds)), Math.Max(1, security.RefusalsRecordedPerInterval));
        });
        services.AddHostedService<RefusalAggregateFlusher>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsDefaults.Explain);
        services.AddExceptionHandler<RegistryExceptionHandler>();
        services.Configure<JsonOptions>(options =>
        {
            // The vocabulary values of the case document are kebab-case on the wire, and so are the API's own enums.
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
            // Numbers are numbers: the web defaults would also read "5" for 5 (and the OpenAPI document would say so).
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        // Binding faults reach the endpoint filters (StrictQuery names them) instead of being thrown with .NET's wording.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        services.AddOpenApi(options => options.AddRegistryTransformers());
        services.AddRegistryHealthChecks();
        services.AddRegistryTelemetry(configuration);
        // No "Server: Kestrel": the software behind the registry is nobody's business (finding 14.7).
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        return services;
    }

    public static WebApplication MapRegistryApi(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<AuditEveryRequestMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRegistryDashboardSession();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        app.MapRegistryHealth();
        app.MapRegistryMetrics();
        app.MapCasesApi();
        app.MapStatisticsApi();
        app.MapAnalysesApi();
        app.MapAdminApi();
        app.MapAccessApi();
        app.MapAuditApi();
        app.MapSitesApi();
        app.MapBulkApi();
        return app;
    }
}
