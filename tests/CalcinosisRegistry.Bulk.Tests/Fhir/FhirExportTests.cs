// Firely's POCOs declare most members nullable; the assertions below fail clearly on a missing one.
#nullable disable

using System.Text.RegularExpressions;
using CalcinosisRegistry.Bulk.Tests.Formats;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;
using CalcinosisRegistry.Interchange.Fhir;
using Hl7.Fhir.Model;

namespace CalcinosisRegistry.Bulk.Tests.Fhir;

public sealed partial class FhirExportTests
{
    [Fact]
    public void A_sample_of_the_demo_cohort_covering_every_resource_kind_and_vocabulary_validates_against_base_R4_with_no_error()
    {
        // Validating all 400 demo cases takes over a minute on two cores (after a minute of schema compilation), so
        // the sample is every case that adds something not yet covered: a type, sex, class, route, response, body
        // site, laterality, morphology, condition or method, a recurrence, a PTH value, an ongoing course.
        var sample = CoveringSample(SyntheticCohort.Generate(400).Select(c => c.Document)).Prepend(ContractExample.Document).ToList();
        Assert.InRange(sample.Count, 10, 80);
        // The validator is not silent: an observation without its required status and code is an error.
        Assert.NotEmpty(BaseR4Validator.Errors(new Observation()));
        var kinds = new HashSet<string>();

        foreach (var document in sample)
        {
            var bundle = FhirCaseMapper.ToBundle("north-general", document);
            kinds.UnionWith(bundle.Entry.Select(e => e.Resource.TypeName));
            Assert.True(BaseR4Validator.Errors(bundle) is { Count: 0 } none, $"{document.CaseId}: {string.Join("; ", BaseR4Validator.Errors(bundle))}");
        }

        Assert.Equal(["BodyStructure", "Condition", "MedicationStatement", "Observation", "Patient", "Procedure"], kinds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_contract_example_maps_to_the_resources_docs_fhir_md_describes()
    {
        var bundle = FhirCaseMapper.ToBundle("north-general", ContractExample.Document);

        Assert.Equal(Bundle.BundleType.Collection, bundle.Type);
        // Worked by hand: 1 patient; the calcinosis and 2 underlying conditions; 2 lesions; T1 (oral) a medication,
        // T2 (surgery) a procedure; observations: calcium and phosphate (no PTH), 2 lesion observations,
        // 2 assessments, 1 recurrence.
        Assert.Equal(
            [("BodyStructure", 2), ("Condition", 3), ("MedicationStatement", 1), ("Observation", 7), ("Patient", 1), ("Procedure", 1)],
            bundle.Entry.GroupBy(e => e.Resource.TypeName).Select(g => (g.Key, g.Count())).OrderBy(g => g.Key, StringComparer.Ordinal));
        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        Assert.Equal(("https://calcinosis-registry.example/fhir/sites/north-general/case-id", "MAYO-0001"), (patient.Identifier.Single().System, patient.Identifier.Single().Value));
        Assert.Null(patient.BirthDate);
        var calcinosis = bundle.Entry.Select(e => e.Resource).OfType<Condition>().First();
        Assert.Contains(calcinosis.Code.Coding, c => c.System == "http://hl7.org/fhir/sid/icd-10" && c.Code == "L94.2");
        Assert.Contains(calcinosis.Code.Coding, c => c.Code == "dystrophic");
        Assert.Equal(41m, ((Age)calcinosis.Onset).Value);
        var surgery = bundle.Entry.Select(e => e.Resource).OfType<Procedure>().Single();
        Assert.Equal(EventStatus.InProgress, surgery.Status);
        Assert.Equal(450m, DayOffset(surgery));
        var labs = bundle.Entry.Select(e => e.Resource).OfType<Observation>().Where(o => o.Code.Coding[0].System == "http://loinc.org").ToList();
        Assert.Equal([("17861-6", 9.4m), ("2777-1", 3.6m)], labs.Select(o => (o.Code.Coding[0].Code, ((Quantity)o.Value).Value!.Value)));
        var responses = bundle.Entry.Select(e => e.Resource).OfType<Observation>().Where(o => o.Code.Coding[0].Code == "treatment-response").ToList();
        Assert.Equal([(210m, "partial"), (300m, "complete")], responses.Select(o => (DayOffset(o), ((CodeableConcept)o.Value).Coding[0].Code)));
    }

    [Fact]
    public void No_calendar_date_is_invented_and_the_same_case_always_gives_the_same_resource_ids()
    {
        var first = FhirNdjsonWriter.Serialize("north-general", ContractExample.Document);
        var again = FhirNdjsonWriter.Serialize("north-general", ContractExample.Document);
        var otherSite = FhirNdjsonWriter.Serialize("lakeside-univ", ContractExample.Document);

        Assert.DoesNotMatch(CalendarDate(), first);
        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSite.Replace("lakeside-univ", "north-general", StringComparison.Ordinal));
    }

    private static decimal? DayOffset(DomainResource resource) =>
        ((Duration)resource.GetExtension(FhirUris.DayOffsetExtension).Value).Value;

    private static IEnumerable<CaseDocument> CoveringSample(IEnumerable<CaseDocument> cohort)
    {
        var covered = new HashSet<string>();
        foreach (var document in cohort)
        {
            if (Features(document).Count(covered.Add) > 0)
            {
                yield return document;
            }
        }
    }

    private static IEnumerable<string> Features(CaseDocument d) =>
    [
        $"type:{d.CalcinosisType}", $"sex:{d.Sex}",
        .. d.UnderlyingConditions.Select(c => $"condition:{c}"), .. d.DiagnosticMethods.Select(m => $"method:{m}"),
        .. d.Lesions.SelectMany(l => new[] { $"site:{l.BodySite}", $"side:{l.Laterality}", $"morph:{l.Morphology}" }),
        .. d.Treatments.SelectMany(t => new[] { $"class:{t.Class}", $"route:{t.Route}", $"ongoing:{t.EndDay is null}" }),
        .. d.Treatments.SelectMany(t => t.Assessments).Select(a => $"response:{a.Response}"),
        .. d.Recurrences.Take(1).Select(_ => "recurrence"), .. d.Labs.Where(l => l.PthPgMl is not null).Take(1).Select(_ => "pth"),
    ];

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex CalendarDate();
}
