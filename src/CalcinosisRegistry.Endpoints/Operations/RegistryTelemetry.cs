using CalcinosisRegistry.Contracts.Telemetry;
using CalcinosisRegistry.Endpoints.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CalcinosisRegistry.Endpoints.Operations;

/// <summary>
/// OpenTelemetry for both hosts, in one place: the registry's own meter (<see cref="RegistryMetrics"/>), Orleans'
/// meter and activity sources, ASP.NET Core, HttpClient and Npgsql. Exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads the standard OTEL_* variables), and always as a
/// Prometheus scrape endpoint at <see cref="MetricsPath"/>, for admins only.
/// </summary>
public static class RegistryTelemetry
{
    public const string MetricsPath = "/api/admin/metrics";

    /// <summary>Orleans' meter, and its activity sources (filled once the silo or client adds activity propagation).</summary>
    public static readonly string[] OrleansMeters = ["Microsoft.Orleans"];
    public static readonly string[] OrleansActivitySources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>Npgsql's own meter and activity source (what Npgsql.OpenTelemetry's AddNpgsql subscribes to).</summary>
    public const string Npgsql = "Npgsql";

    public static IServiceCollection AddRegistryTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "calcinosis-registry"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RegistryMetrics.MeterName, Npgsql).AddMeter(OrleansMeters)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            // Traces only when they go somewhere: a subscribed source makes every request and grain call an activity.
            services.AddOpenTelemetry().WithTracing(tracing => tracing
                .AddSource(Npgsql).AddSource(OrleansActivitySources)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter());
        }

        return services;
    }

    /// <summary>The Prometheus scrape endpoint, behind the admin policy like the rest of the admin surface.</summary>
    public static WebApplication MapRegistryMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(RegistryPolicies.Admin);
        return app;
    }
}
