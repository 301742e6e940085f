using System.Text.Json.Nodes;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Domain.Tests.Validation;

/// <summary>Every vocabulary value of the contract is accepted under its kebab-case wire name and read back as that name.</summary>
public sealed class VocabularyWireNameTests
{
    public static TheoryData<string, string> ContractValues()
    {
        // Copied from contract section 2, so a renamed enum member cannot silently change the wire format.
        var data = new TheoryData<string, string>();
        Add(data, "sex", "female", "male", "other", "unknown");
        Add(data, "calcinosisType", "dystrophic", "metastatic", "idiopathic", "iatrogenic");
        Add(
            data, "underlyingConditions", "systemic-sclerosis", "dermatomyositis", "juvenile-dermatomyositis", "lupus",
            "mixed-connective-tissue-disease", "overlap-syndrome", "hyperparathyroidism", "chronic-kidney-disease",
            "iv-calcium", "calcium-containing-electrode", "trauma", "none", "other");
        Add(data, "diagnosticMethods", "clinical", "x-ray", "ct", "mri", "ultrasound", "biopsy");
        Add(
            data, "bodySite", "finger", "hand", "wrist", "forearm", "elbow", "upper-arm", "shoulder", "trunk", "buttock",
            "hip", "thigh", "knee", "leg", "ankle", "foot", "head-neck", "other");
        Add(data, "laterality", "left", "right", "midline", "bilateral", "unknown");
        Add(data, "morphology", "papule", "nodule", "plaque");
        Add(
            data, "class", "topical-steroid", "intralesional-steroid", "calcium-channel-blocker", "bisphosphonate",
            "surgery", "sodium-thiosulfate", "other");
        Add(data, "route", "topical", "intralesional", "oral", "intravenous", "surgical", "other");
        Add(data, "response", "complete", "partial", "none", "progression");
        return data;
    }

    [Theory]
    [MemberData(nameof(ContractValues))]
    public void A_contract_value_is_accepted_and_read_back_under_the_same_name(string field, string wireName)
    {
        var result = SampleCase.ValidateEdited(document => Place(document, field, wireName));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(wireName, ReadBack(result.Document!, field));
    }

    [Fact]
    public void Every_enum_member_has_a_contract_wire_name()
    {
        var contractNames = ContractValues().Select(row => $"{row[0]}:{row[1]}").ToHashSet(StringComparer.Ordinal);

        string[] modelNames =
        [
            .. CaseJson.WireNames<Sex>().Select(name => $"sex:{name}"),
            .. CaseJson.WireNames<CalcinosisType>().Select(name => $"calcinosisType:{name}"),
            .. CaseJson.WireNames<UnderlyingCondition>().Select(name => $"underlyingConditions:{name}"),
            .. CaseJson.WireNames<DiagnosticMethod>().Select(name => $"diagnosticMethods:{name}"),
            .. CaseJson.WireNames<BodySite>().Select(name => $"bodySite:{name}"),
            .. CaseJson.WireNames<Laterality>().Select(name => $"laterality:{name}"),
            .. CaseJson.WireNames<Morphology>().Select(name => $"morphology:{name}"),
            .. CaseJson.WireNames<TreatmentClass>().Select(name => $"class:{name}"),
            .. CaseJson.WireNames<TreatmentRoute>().Select(name => $"route:{name}"),
            .. CaseJson.WireNames<Response>().Select(name => $"response:{name}"),
        ];

        Assert.Equal(contractNames.Order(StringComparer.Ordinal), modelNames.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("x-ray")]
    [InlineData("iv-calcium")]
    [InlineData("head-neck")]
    [InlineData("calcium-channel-blocker")]
    public void A_serialised_document_writes_the_wire_names(string wireName)
    {
        var result = SampleCase.ValidateEdited(document =>
        {
            document["diagnosticMethods"] = new JsonArray("x-ray");
            document["underlyingConditions"] = new JsonArray("iv-calcium");
            document["lesions"]![0]!["bodySite"] = "head-neck";
        });

        Assert.Contains($"\"{wireName}\"", CaseJson.Serialize(result.Document!), StringComparison.Ordinal);
    }

    private static void Add(TheoryData<string, string> data, string field, params string[] wireNames)
    {
        foreach (var wireName in wireNames)
        {
            data.Add(field, wireName);
        }
    }

    private static void Place(JsonObject document, string field, string wireName)
    {
        switch (field)
        {
            case "underlyingConditions" or "diagnosticMethods":
                document[field] = new JsonArray(wireName);
                break;
            case "bodySite" or "laterality" or "morphology":
                document["lesions"]![0]![field] = wireName;
                break;
            case "class" or "route":
                document["treatments"]![0]![field] = wireName;
                break;
            case "response":
                document["treatments"]![0]!["assessments"]![0]![field] = wireName;
                break;
            default:
                document[field] = wireName;
                break;
        }
    }

    private static string ReadBack(CaseDocument document, string field) => field switch
    {
        "sex" => CaseJson.ToWireName(document.Sex),
        "calcinosisType" => CaseJson.ToWireName(document.CalcinosisType),
        "underlyingConditions" => CaseJson.ToWireName(Assert.Single(document.UnderlyingConditions)),
        "diagnosticMethods" => CaseJson.ToWireName(Assert.Single(document.DiagnosticMethods)),
        "bodySite" => CaseJson.ToWireName(document.Lesions[0].BodySite),
        "laterality" => CaseJson.ToWireName(document.Lesions[0].Laterality),
        "morphology" => CaseJson.ToWireName(document.Lesions[0].Morphology),
        "class" => CaseJson.ToWireName(document.Treatments[0].Class),
        "route" => CaseJson.ToWireName(document.Treatments[0].Route),
        "response" => CaseJson.ToWireName(document.Treatments[0].Assessments[0].Response),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a vocabulary field"),
    };
}
