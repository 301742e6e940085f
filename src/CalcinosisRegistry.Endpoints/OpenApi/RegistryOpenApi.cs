using System.Text.Json.Nodes;
using CalcinosisRegistry.Endpoints.Auditing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CalcinosisRegistry.Endpoints.OpenApi;

/// <summary>
/// Makes the generated OpenAPI document describe the API exactly: the bearer scheme every route needs (so /docs can
/// "try it" with a token), the <c>If-Match</c> header, the problem responses, what a case document really requires,
/// the stored document's shape, and the query values' types and vocabularies.
/// </summary>
public static class RegistryOpenApi
{
    public const string BearerScheme = "Bearer";

    public static OpenApiOptions AddRegistryTransformers(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            Describe(document);
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IfMatchDocumentation>().FirstOrDefault() is { } ifMatch)
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = "If-Match",
                    In = ParameterLocation.Header,
                    Required = ifMatch.Required,
                    Description = ifMatch.Description,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^\"[0-9]+\"$" },
                });
            }

            if (metadata.OfType<CsvAlternative>().FirstOrDefault() is { } csv
                && operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse okResponse)
            {
                okResponse.Content ??= new Dictionary<string, OpenApiMediaType>();
                okResponse.Content["text/csv"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = csv.Description } };
            }

            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            {
                DescribeQueryValue(parameter);
            }

            return Task.CompletedTask;
        });
        return options;
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info.Title = "CalcinosisRegistry";
        document.Info.Description = "A multi-site research registry of de-identified calcinosis cutis cases, with response and recurrence statistics per calcinosis type and treatment class. Every /api route needs 'Authorization: Bearer <token>'; every refusal is an RFC 7807 problem document.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "crt_<id>_<secret> (a registry token) or an OpenID Connect JWT",
            Description = "A registry token issued by POST /api/admin/users/{userId}/tokens, or the bootstrap admin token printed at start-up.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];

        var schemas = document.Components.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        foreach (var (name, required) in CaseDocumentSchemas.RequiredMembers)
        {
            if (schemas.TryGetValue(name, out var schema) && schema is OpenApiSchema concrete)
            {
                concrete.Required = new HashSet<string>(required, StringComparer.Ordinal);
            }
        }

        // A stored case is written verbatim (StoredJson): its shape is the case document's.
        if (schemas.TryGetValue("CaseResponse", out var caseResponse) && caseResponse is OpenApiSchema response && response.Properties is not null)
        {
            response.Properties["document"] = new OpenApiSchemaReference("CaseDocument", document);
            schemas.Remove("StoredJson");
        }

        if (schemas.TryGetValue("ProblemDetails", out var problem) && problem is OpenApiSchema problemSchema)
        {
            problemSchema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            problemSchema.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "400 only: every fault of the request, each with the JSON path (body) or parameter name (query, route) it concerns.",
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "path", "message" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["path"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["message"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    },
                },
            };
        }
    }

    /// <summary>Query values the handlers read as text but accept only in a fixed form.</summary>
    private static void DescribeQueryValue(OpenApiParameter parameter)
    {
        if (parameter.In != ParameterLocation.Query)
        {
            return;
        }

        switch (parameter.Name)
        {
            case "curve":
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Boolean, Default = JsonValue.Create(true) };
                parameter.Description = "false leaves out the Kaplan–Meier curves.";
                break;
            case "format":
                parameter.Schema = Vocabulary(["json", "csv"]);
                break;
            case "outcome":
                parameter.Schema = Vocabulary(AuditOutcomes.All);
                break;
        }
    }

    private static OpenApiSchema Vocabulary(IEnumerable<string> values) =>
        new() { Type = JsonSchemaType.String, Enum = [.. values.Select(value => (JsonNode)JsonValue.Create(value))] };
}
