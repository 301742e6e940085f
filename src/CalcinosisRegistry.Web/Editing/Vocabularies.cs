using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Web.Editing;

/// <summary>The contract's vocabularies as the editor offers them: wire names, in declaration order.</summary>
public static class Vocabularies
{
    public static IReadOnlyList<string> Sex => CaseJson.WireNames<Sex>();
    public static IReadOnlyList<string> CalcinosisTypes => CaseJson.WireNames<CalcinosisType>();
    public static IReadOnlyList<string> UnderlyingConditions => CaseJson.WireNames<UnderlyingCondition>();
    public static IReadOnlyList<string> DiagnosticMethods => CaseJson.WireNames<DiagnosticMethod>();
    public static IReadOnlyList<string> BodySites => CaseJson.WireNames<BodySite>();
    public static IReadOnlyList<string> Lateralities => CaseJson.WireNames<Laterality>();
    public static IReadOnlyList<string> Morphologies => CaseJson.WireNames<Morphology>();
    public static IReadOnlyList<string> TreatmentClasses => CaseJson.WireNames<TreatmentClass>();
    public static IReadOnlyList<string> Routes => CaseJson.WireNames<TreatmentRoute>();
    public static IReadOnlyList<string> Responses => CaseJson.WireNames<Response>();
}
