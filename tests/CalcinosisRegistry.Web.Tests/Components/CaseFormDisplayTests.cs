using Bunit;
using CalcinosisRegistry.Domain.Validation;
using CalcinosisRegistry.Web.Components.Shared;
using CalcinosisRegistry.Web.Editing;
using CalcinosisRegistry.Web.Tests.Infrastructure;

namespace CalcinosisRegistry.Web.Tests.Components;

/// <summary>The editor's fields show the Domain validator's faults for their own JSON path, and only those.</summary>
public sealed class CaseFormDisplayTests
{
    [Fact]
    public void An_incomplete_form_gets_every_fault_at_its_path_from_the_validator()
    {
        var form = CaseForm.New("C-1");
        form.Sex = "female";
        form.AgeAtOnsetYears = 150;
        form.Lesions[0].BodySite = "elbow";

        var result = CaseDocumentValidator.Validate(System.Text.Encoding.UTF8.GetBytes(form.ToJson()), 2026);

        var paths = result.Errors.Select(e => e.Path).ToHashSet();
        Assert.Contains("$.ageAtOnsetYears", paths);
        Assert.Contains("$.diagnosisYear", paths);
        Assert.Contains("$.calcinosisType", paths);
        Assert.Contains("$.lastFollowUpDay", paths);
        Assert.Contains("$.lesions[0].morphology", paths);
        Assert.Contains("$.lesions[0].firstSeenDay", paths);
        Assert.DoesNotContain("$.sex", paths);
        Assert.DoesNotContain("$.lesions[0].bodySite", paths);
    }

    [Fact]
    public async Task A_choice_shows_its_own_fault_marks_itself_invalid_and_links_the_message()
    {
        await using var context = MudTestContext.New();
        var faults = new FieldFaults([new ValidationError("$.lesions[0].morphology", "is required"), new ValidationError("$.sex", "is required")]);

        var field = context.Render<ChoiceField>(p => p
            .Add(c => c.Label, "Morphology")
            .Add(c => c.Path, "$.lesions[0].morphology")
            .Add(c => c.Options, Vocabularies.Morphologies)
            .Add(c => c.Faults, faults));

        var select = field.Find("select#f-lesions-0-morphology");
        Assert.Equal("true", select.GetAttribute("aria-invalid"));
        Assert.Equal("f-lesions-0-morphology-error", select.GetAttribute("aria-describedby"));
        Assert.Equal("is required", field.Find("#f-lesions-0-morphology-error").TextContent);
        Assert.Equal("Morphology", field.Find("label[for='f-lesions-0-morphology']").TextContent);
        Assert.Equal(["", "papule", "nodule", "plaque"], field.FindAll("option").Select(o => o.GetAttribute("value")));
    }

    [Fact]
    public async Task A_field_without_a_fault_shows_none()
    {
        await using var context = MudTestContext.New();
        var faults = new FieldFaults([new ValidationError("$.sex", "is required")]);

        var field = context.Render<ChoiceField>(p => p
            .Add(c => c.Label, "Calcinosis type")
            .Add(c => c.Path, "$.calcinosisType")
            .Add(c => c.Options, Vocabularies.CalcinosisTypes)
            .Add(c => c.Faults, faults));

        Assert.Equal("false", field.Find("select").GetAttribute("aria-invalid"));
        Assert.Empty(field.FindAll(".registry-fault"));
    }

    [Fact]
    public async Task A_number_field_shows_its_fault_as_error_text_under_its_label()
    {
        await using var context = MudTestContext.New();
        var faults = new FieldFaults([new ValidationError("$.ageAtOnsetYears", "must be between 0 and 120")]);

        var field = context.Render<NumberField<int?>>(p => p
            .Add(c => c.Label, "Age at onset (years)")
            .Add(c => c.Path, "$.ageAtOnsetYears")
            .Add(c => c.Value, 150)
            .Add(c => c.Faults, faults));

        Assert.Contains("must be between 0 and 120", field.Markup, StringComparison.Ordinal);
        Assert.NotNull(field.Find("input#f-ageAtOnsetYears"));
        Assert.Contains("Age at onset (years)", field.Find("label").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_form_writes_a_lesion_list_typed_with_commas_as_the_documents_array()
    {
        var course = new TreatmentForm { LesionIds = "L1, L2 ;L3" };

        Assert.Equal(["L1", "L2", "L3"], course.LesionIdList());
    }
}
