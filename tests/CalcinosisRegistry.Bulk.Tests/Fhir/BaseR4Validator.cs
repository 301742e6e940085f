using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace CalcinosisRegistry.Bulk.Tests.Fhir;

/// <summary>The Firely validator against the base R4 specification (Hl7.Fhir.Specification.Data.R4), built once per test run.</summary>
public static class BaseR4Validator
{
    private static readonly Lazy<Validator> Instance = new(() =>
    {
        var resolver = new CachedResolver(ZipSource.CreateValidationSource());
        return new Validator(resolver, new LocalTerminologyService(resolver));
    });

    /// <summary>Every issue of error or fatal severity, as "location: message".</summary>
    public static IReadOnlyList<string> Errors(Resource resource) =>
        [.. Instance.Value.Validate(resource).Issue
            .Where(issue => issue.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(issue => $"{string.Join(",", issue.Expression ?? issue.Location ?? [])}: {issue.Details?.Text ?? issue.Diagnostics}")];

    public static IReadOnlyList<OperationOutcome.IssueComponent> Issues(Resource resource) => Instance.Value.Validate(resource).Issue;
}
