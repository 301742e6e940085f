namespace CalcinosisRegistry.Web.Components.Shared;

/// <summary>An element id for a document field from its JSON path (<c>$.lesions[0].bodySite</c> → <c>f-lesions-0-bodySite</c>).</summary>
public static class FieldIds
{
    public static string For(string path) =>
        "f" + new string([.. path.TrimStart('$').Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Replace("--", "-", StringComparison.Ordinal).TrimEnd('-');
}
