using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;

namespace CalcinosisRegistry.Security.Tests.Infrastructure;

/// <summary>Valid case documents as JSON, drawn from the domain's synthetic cohort (the same seed gives the same document).</summary>
public static class CaseBodies
{
    public static string Valid(string caseId, int seed = 11) => CaseJson.Serialize(SyntheticCohort.NewCase(new Random(seed), caseId));

    /// <summary>A valid case of one calcinosis type: the cohort draws types at random, so this keeps drawing.</summary>
    public static string OfType(string caseId, CalcinosisType type, int seed)
    {
        var random = new Random(seed);
        while (true)
        {
            var candidate = SyntheticCohort.NewCase(random, caseId);
            if (candidate.CalcinosisType == type)
            {
                return CaseJson.Serialize(candidate);
            }
        }
    }
}
