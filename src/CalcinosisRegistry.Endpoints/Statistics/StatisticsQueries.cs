using System.Security.Claims;
using System.Text;
using System.Text.Json;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Contracts.Telemetry;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Endpoints.Security;
using Microsoft.Extensions.Options;

namespace CalcinosisRegistry.Endpoints.Statistics;

/// <summary>
/// The statistics a caller may see, as JSON: exact for admins (and when access control is off), rounded or
/// suppressed for everyone else. The HTTP API and the web application both ask here with the caller's principal,
/// so a browser user gets exactly the figures the API gives the same user.
/// </summary>
public sealed class StatisticsQueries(
    IGrainFactory grains, IOptions<RegistrySecurityOptions> security, IOptions<RegistryDisclosureOptions> disclosure, TimeProvider time)
{
    public static IReadOnlyList<string> TypeWireNames { get; } = [.. CaseJson.WireNames<CalcinosisType>()];

    /// <summary>A calcinosis type's wire name, or <c>all</c>.</summary>
    public static bool IsType(string type) => type == RegistryKeys.AllTypes || TypeWireNames.Contains(type);

    public CallerDisclosure DisclosureFor(ClaimsPrincipal user) => CallerDisclosure.Of(user, security.Value, disclosure.Value);

    /// <summary>One type's statistics (<paramref name="type"/> must satisfy <see cref="IsType"/>).</summary>
    public async Task<string> TypeJsonAsync(ClaimsPrincipal user, string type, bool includeCurve, string? site)
    {
        if (Published(DisclosureFor(user), site) is { } publishedGrain)
        {
            return (await publishedGrain.GetAsync(includeCurve)).TypeJson[type];
        }

        var document = await Statistics(type, site).GetAsync(includeCurve);
        RecordAge(document, "type");
        return document.Json;
    }

    /// <summary>Every type's statistics and all types together.</summary>
    public async Task<string> AllJsonAsync(ClaimsPrincipal user, bool includeCurve, string? site)
    {
        if (Published(DisclosureFor(user), site) is { } publishedGrain)
        {
            return (await publishedGrain.GetAsync(includeCurve)).Json;
        }

        var types = await Task.WhenAll(TypeWireNames.Select(type => Statistics(type, site).GetAsync(includeCurve)));
        var all = await Statistics(RegistryKeys.AllTypes, site).GetAsync(includeCurve);
        RecordAge(all, "all");

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("casesIncluded", all.CasesIncluded);
            json.WriteString("disclosure", Domain.Statistics.Disclosure.DisclosureNames.Exact);
            json.WriteString("computedAt", all.ComputedAt);
            json.WriteStartArray("types");
            foreach (var type in types)
            {
                json.WriteRawValue(type.Json, skipInputValidation: true);
            }

            json.WriteEndArray();
            json.WritePropertyName("allTypes");
            json.WriteRawValue(all.Json, skipInputValidation: true);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Exact figures for admins (and when access control is off, null); everyone else gets rounded or suppressed ones.</summary>
    private IPublishedStatisticsGrain? Published(CallerDisclosure caller, string? site) => caller switch
    {
        { Exact: true } => null,
        { RoundTo: { } roundTo } => grains.GetRegistryGrain<IPublishedStatisticsGrain>(RegistryKeys.RoundedStatistics(roundTo, site)),
        _ => grains.GetRegistryGrain<IPublishedStatisticsGrain>(RegistryKeys.PublishedStatistics(caller.K!.Value, site)),
    };

    /// <summary>Statistics freshness: how old the summary was when served (suppressed views carry no computedAt).</summary>
    private void RecordAge(StatisticsDocument document, string scope)
    {
        if (document.ComputedAt != default)
        {
            var age = time.GetUtcNow() - document.ComputedAt;
            RegistryMetrics.StatisticsAge.Record(Math.Max(0, age.TotalSeconds), new KeyValuePair<string, object?>("scope", scope));
        }
    }

    private ITypeStatisticsGrain Statistics(string type, string? site) =>
        grains.GetRegistryGrain<ITypeStatisticsGrain>(RegistryKeys.TypeStatistics(type, site));
}
