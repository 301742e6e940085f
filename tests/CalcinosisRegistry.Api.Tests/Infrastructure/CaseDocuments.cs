using System.Text.Json;
using System.Text.Json.Nodes;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;

namespace CalcinosisRegistry.Api.Tests.Infrastructure;

/// <summary>Valid case documents for requests, built by the domain's synthetic cohort and its own serialiser.</summary>
public static class CaseDocuments
{
    /// <summary>A valid case with the given id; the same seed always gives the same document.</summary>
    public static CaseDocument Valid(string caseId, int seed = 7) =>
        SyntheticCohort.NewCase(new Random(seed), caseId);

    /// <summary>A valid case of one calcinosis type (the synthetic cohort draws types at random; this keeps drawing).</summary>
    public static CaseDocument ValidOfType(string caseId, CalcinosisType type, int seed)
    {
        var random = new Random(seed);
        while (true)
        {
            var candidate = SyntheticCohort.NewCase(random, caseId);
            if (candidate.CalcinosisType == type)
            {
                return candidate;
            }
        }
    }

    public static string Json(CaseDocument document) => CaseJson.Serialize(document);

    /// <summary>The document as a mutable JSON tree, to break it in exactly the ways a test wants.</summary>
    public static JsonObject Node(CaseDocument document) =>
        JsonNode.Parse(CaseJson.Serialize(document))!.AsObject();

    public static string Json(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
