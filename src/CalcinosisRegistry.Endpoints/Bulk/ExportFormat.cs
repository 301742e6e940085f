namespace CalcinosisRegistry.Endpoints.Bulk;

/// <summary>The forms a site's export comes in: a zipped CSV bundle, NDJSON case documents, or FHIR R4 Bundles as NDJSON.</summary>
public enum ExportFormat { Csv, Ndjson, Fhir }
