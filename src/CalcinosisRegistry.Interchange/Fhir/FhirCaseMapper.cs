using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CalcinosisRegistry.Domain.Cases;
using Hl7.Fhir.Model;

namespace CalcinosisRegistry.Interchange.Fhir;

/// <summary>
/// One case as a FHIR R4 Bundle of type collection (docs/fhir.md gives the mapping field by field). Times stay day
/// offsets from diagnosis, carried by an extension: no calendar date is invented. Resource ids are name-based UUIDs of
/// the site, case and item, so the same case always exports to the same resources.
/// </summary>
public static class FhirCaseMapper
{
    public const string CalcinosisCutisCode = "L94.2";

    public static Bundle ToBundle(string siteId, CaseDocument document)
    {
        var ids = new ResourceIds(siteId, document.CaseId);
        var bundle = new Bundle { Type = Bundle.BundleType.Collection, Id = ids.For("bundle") };
        var patientRef = new ResourceReference(ids.Url("patient"));

        bundle.Entry.Add(Entry(ids, "patient", new Patient
        {
            Identifier = [new Identifier(FhirUris.CaseIdentifierSystem(siteId), document.CaseId)],
            Gender = document.Sex switch
            {
                Sex.Female => AdministrativeGender.Female,
                Sex.Male => AdministrativeGender.Male,
                Sex.Other => AdministrativeGender.Other,
                _ => AdministrativeGender.Unknown,
            },
        }));

        var conditionRef = new ResourceReference(ids.Url("condition"));
        var condition = new Condition
        {
            VerificationStatus = Concept(FhirUris.ConditionVerification, "confirmed", "Confirmed"),
            Code = new CodeableConcept
            {
                Coding =
                [
                    new Coding(FhirUris.Icd10, CalcinosisCutisCode, "Calcinosis cutis"),
                    RegistryCoding("calcinosis-type", document.CalcinosisType),
                ],
                Text = $"Calcinosis cutis, {CaseJson.ToWireName(document.CalcinosisType)}",
            },
            Subject = patientRef,
            Onset = new Age { Value = document.AgeAtOnsetYears, Unit = "a", System = FhirUris.Ucum, Code = "a" },
            Evidence = [.. document.DiagnosticMethods.Select(method => new Condition.EvidenceComponent { Code = [RegistryConcept("diagnostic-method", method)] })],
        };
        condition.Extension.Add(new Extension(FhirUris.DiagnosisYearExtension, new Integer(document.DiagnosisYear)));
        condition.Extension.Add(new Extension(FhirUris.LastFollowUpExtension, Days(document.LastFollowUpDay)));
        bundle.Entry.Add(Entry(ids, "condition", condition));

        for (var i = 0; i < document.UnderlyingConditions.Count; i++)
        {
            bundle.Entry.Add(Entry(ids, $"underlying/{i}", new Condition
            {
                Code = RegistryConcept("underlying-condition", document.UnderlyingConditions[i]),
                Subject = patientRef,
            }));
        }

        for (var i = 0; i < document.Labs.Count; i++)
        {
            AddLab(bundle, ids, patientRef, i, document.Labs[i]);
        }

        foreach (var lesion in document.Lesions)
        {
            AddLesion(bundle, ids, siteId, document.CaseId, patientRef, lesion);
        }

        foreach (var course in document.Treatments)
        {
            AddCourse(bundle, ids, siteId, document.CaseId, patientRef, conditionRef, course);
        }

        for (var i = 0; i < document.Recurrences.Count; i++)
        {
            var recurrence = document.Recurrences[i];
            var observation = NewObservation(RegistryConcept("observation", "recurrence", "Recurrence of a calcinosis lesion"), patientRef, recurrence.Day);
            observation.Focus = [new ResourceReference(ids.Url($"lesion/{recurrence.LesionId}"))];
            observation.Value = new FhirBoolean(true);
            bundle.Entry.Add(Entry(ids, $"recurrence/{i}", observation));
        }

        return bundle;
    }

    private static void AddLab(Bundle bundle, ResourceIds ids, ResourceReference patient, int index, LabResult lab)
    {
        (string Key, double? Value, string Loinc, string Display, string Unit)[] analytes =
        [
            ("calcium", lab.SerumCalciumMgDl, "17861-6", "Calcium [Mass/volume] in Serum or Plasma", "mg/dL"),
            ("phosphate", lab.PhosphateMgDl, "2777-1", "Phosphate [Mass/volume] in Serum or Plasma", "mg/dL"),
            ("pth", lab.PthPgMl, "2731-8", "Parathyrin.intact [Mass/volume] in Serum or Plasma", "pg/mL"),
        ];
        foreach (var (key, value, loinc, display, unit) in analytes)
        {
            if (value is not double measured)
            {
                continue;
            }

            var observation = NewObservation(Concept(FhirUris.Loinc, loinc, display), patient, lab.Day);
            observation.Category = [Concept(FhirUris.ObservationCategory, "laboratory", "Laboratory")];
            observation.Value = Quantity(measured, unit);
            bundle.Entry.Add(Entry(ids, $"lab/{index}/{key}", observation));
        }
    }

    private static void AddLesion(Bundle bundle, ResourceIds ids, string siteId, string caseId, ResourceReference patient, Lesion lesion)
    {
        var structure = new BodyStructure
        {
            Identifier = [new Identifier(FhirUris.LesionIdentifierSystem(siteId, caseId), lesion.LesionId)],
            Morphology = RegistryConcept("morphology", lesion.Morphology),
            Location = RegistryConcept("body-site", lesion.BodySite),
            LocationQualifier = [RegistryConcept("laterality", lesion.Laterality)],
            Patient = patient,
        };
        structure.Extension.Add(new Extension(FhirUris.DayOffsetExtension, Days(lesion.FirstSeenDay)));
        var lesionUrl = ids.Url($"lesion/{lesion.LesionId}");
        bundle.Entry.Add(Entry(ids, $"lesion/{lesion.LesionId}", structure));

        for (var i = 0; i < lesion.Observations.Count; i++)
        {
            var seen = lesion.Observations[i];
            var observation = NewObservation(RegistryConcept("observation", "lesion-assessment", "Calcinosis lesion assessment"), patient, seen.Day);
            observation.Focus = [new ResourceReference(lesionUrl)];
            if (seen.SizeMm is double size)
            {
                observation.Component.Add(Component("size", "Largest diameter", Quantity(size, "mm")));
            }

            if (seen.Ulcerated is bool ulcerated)
            {
                observation.Component.Add(Component("ulcerated", "Ulcerated", new FhirBoolean(ulcerated)));
            }

            if (seen.Infected is bool infected)
            {
                observation.Component.Add(Component("infected", "Infected", new FhirBoolean(infected)));
            }

            if (seen.PainScore is int pain)
            {
                observation.Component.Add(Component("pain-score", "Pain (numeric rating scale 0-10)", new Integer(pain)));
            }

            bundle.Entry.Add(Entry(ids, $"lesion/{lesion.LesionId}/observation/{i}", observation));
        }
    }

    private static void AddCourse(
        Bundle bundle, ResourceIds ids, string siteId, string caseId, ResourceReference patient, ResourceReference condition, TreatmentCourse course)
    {
        var key = $"treatment/{course.TreatmentId}";
        var what = new CodeableConcept
        {
            Coding = [RegistryCoding("treatment-class", course.Class)],
            Text = course.Agent ?? CaseJson.ToWireName(course.Class),
        };
        DomainResource resource;
        if (course.Class == TreatmentClass.Surgery || course.Route == TreatmentRoute.Surgical)
        {
            resource = new Procedure
            {
                Identifier = [new Identifier(FhirUris.TreatmentIdentifierSystem(siteId, caseId), course.TreatmentId)],
                Status = course.EndDay is null ? EventStatus.InProgress : EventStatus.Completed,
                Code = what,
                Subject = patient,
                ReasonReference = [condition],
                UsedCode = [RegistryConcept("route", course.Route)],
            };
        }
        else
        {
            resource = new MedicationStatement
            {
                Identifier = [new Identifier(FhirUris.TreatmentIdentifierSystem(siteId, caseId), course.TreatmentId)],
                Status = course.EndDay is null ? MedicationStatement.MedicationStatusCodes.Active : MedicationStatement.MedicationStatusCodes.Completed,
                Medication = what,
                Subject = patient,
                ReasonReference = [condition],
                Dosage = [new Dosage { Route = RegistryConcept("route", course.Route) }],
            };
        }

        resource.Extension.Add(new Extension(FhirUris.DayOffsetExtension, Days(course.StartDay)));
        if (course.EndDay is int end)
        {
            resource.Extension.Add(new Extension(FhirUris.EndDayOffsetExtension, Days(end)));
        }

        foreach (var lesionId in course.LesionIds)
        {
            resource.Extension.Add(new Extension(FhirUris.TargetLesionExtension, new ResourceReference(ids.Url($"lesion/{lesionId}"))));
        }

        bundle.Entry.Add(Entry(ids, key, resource));

        for (var i = 0; i < course.Assessments.Count; i++)
        {
            var assessment = course.Assessments[i];
            var observation = NewObservation(RegistryConcept("observation", "treatment-response", "Response to a treatment course"), patient, assessment.Day);
            observation.Focus = [new ResourceReference(ids.Url(key))];
            observation.Value = RegistryConcept("response", assessment.Response);
            bundle.Entry.Add(Entry(ids, $"{key}/assessment/{i}", observation));
        }
    }

    private static Observation NewObservation(CodeableConcept code, ResourceReference patient, int day)
    {
        var observation = new Observation { Status = ObservationStatus.Final, Code = code, Subject = patient };
        observation.Extension.Add(new Extension(FhirUris.DayOffsetExtension, Days(day)));
        return observation;
    }

    private static Observation.ComponentComponent Component(string code, string display, DataType value) =>
        new() { Code = RegistryConcept("observation", code, display), Value = value };

    private static Bundle.EntryComponent Entry(ResourceIds ids, string key, Resource resource)
    {
        resource.Id = ids.For(key);
        return new Bundle.EntryComponent { FullUrl = ids.Url(key), Resource = resource };
    }

    private static Duration Days(int days) => new() { Value = days, Unit = "d", System = FhirUris.Ucum, Code = "d" };

    private static Quantity Quantity(double value, string unit) =>
        new() { Value = (decimal)value, Unit = unit, System = FhirUris.Ucum, Code = unit };

    private static CodeableConcept Concept(string system, string code, string display) =>
        new() { Coding = [new Coding(system, code, display)] };

    private static Coding RegistryCoding<TEnum>(string vocabulary, TEnum value) where TEnum : struct, Enum =>
        new(FhirUris.CodeSystem(vocabulary), CaseJson.ToWireName(value));

    private static CodeableConcept RegistryConcept<TEnum>(string vocabulary, TEnum value) where TEnum : struct, Enum =>
        new() { Coding = [RegistryCoding(vocabulary, value)], Text = CaseJson.ToWireName(value) };

    private static CodeableConcept RegistryConcept(string vocabulary, string code, string display) =>
        new() { Coding = [new Coding(FhirUris.CodeSystem(vocabulary), code, display)], Text = display };

    /// <summary>Name-based UUIDs (version 5 layout over SHA-1) of one case's resources.</summary>
    private sealed class ResourceIds(string siteId, string caseId)
    {
        public string For(string key)
        {
            var hash = SHA1.HashData(Encoding.UTF8.GetBytes($"{FhirUris.Base}/sites/{siteId}/cases/{caseId}/{key}"));
            hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
            hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
            return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString("D", CultureInfo.InvariantCulture);
        }

        public string Url(string key) => $"urn:uuid:{For(key)}";
    }
}
