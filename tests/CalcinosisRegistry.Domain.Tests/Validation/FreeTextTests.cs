namespace CalcinosisRegistry.Domain.Tests.Validation;

/// <summary>
/// Finding 14.9: no control characters anywhere in a case document, and a course's agent is a drug or procedure
/// name, never a carrier for identifiers.
/// </summary>
public sealed class FreeTextTests
{
    [Theory]
    [InlineData("diltiazem")]
    [InlineData("sodium thiosulfate 25%")]
    [InlineData("vitamin K2")]
    [InlineData("CO2 laser")]
    [InlineData("warfarin (stopped)")]
    [InlineData("extracorporeal shock-wave lithotripsy")]
    [InlineData("Ca/P binder, sevelamer")]
    [InlineData("thiosulfate d'sodium")]
    [InlineData("ácido zoledrónico")]
    public void A_drug_or_procedure_name_is_accepted(string agent)
    {
        var result = SampleCase.ValidateEdited(document => document["treatments"]![0]!["agent"] = agent);

        Assert.Empty(result.Errors);
        Assert.Equal(agent, result.Document!.Treatments[0].Agent);
    }

    [Theory]
    [InlineData("Jane Doe MRN 1234567")]
    [InlineData("diltiazem for patient 4471")]
    [InlineData("DOB 1970")]
    [InlineData("started 1/2/70")]
    [InlineData("given 2024-03-01")]
    [InlineData("call 555 0100")]
    [InlineData("mrn: ab")]
    [InlineData("see jane@example.org")]
    [InlineData("dose #2")]
    [InlineData("<script>")]
    public void An_agent_that_could_carry_an_identifier_is_refused(string agent)
    {
        var result = SampleCase.ValidateEdited(document => document["treatments"]![0]!["agent"] = agent);

        Assert.Equal(["$.treatments[0].agent"], SampleCase.ErrorPaths(result));
    }

    [Theory]
    [InlineData("Jane Doe MRN 1234567\u0000\r\nDOB 1970-01-01")]
    [InlineData("diltiazem\u0000")]
    [InlineData("diltiazem\r\nsecond line")]
    [InlineData("dil\ttiazem")]
    [InlineData("dil\u2028tiazem")]
    [InlineData("dil\u0085tiazem")]
    public void An_agent_with_control_characters_is_refused_once(string agent)
    {
        var result = SampleCase.ValidateEdited(document => document["treatments"]![0]!["agent"] = agent);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.treatments[0].agent", error.Path);
        Assert.Contains("control characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_are_refused_everywhere_with_their_paths()
    {
        var result = SampleCase.ValidateEdited(document =>
        {
            document["caseId"] = "A\u0000B";
            document["lesions"]![0]!["bodySite"] = "finger\n";
            document["bad\u0001name"] = 1;
        });

        // Each path once: the id and the vocabulary value are refused by their own rules, the rest for the control character.
        Assert.Equal(["$.caseId", "$.lesions[0].bodySite", "$['bad\u0001name']"], SampleCase.ErrorPaths(result).Order(StringComparer.Ordinal));
    }
}
