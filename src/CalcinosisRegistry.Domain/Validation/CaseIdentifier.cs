namespace CalcinosisRegistry.Domain.Validation;

/// <summary>
/// The shape of every pseudonymous identifier in a case (caseId, lesionId, treatmentId): <c>^[A-Za-z0-9._-]{1,64}$</c>.
/// </summary>
internal static class CaseIdentifier
{
    public const int MaxLength = 64;

    public const string PatternText = "^[A-Za-z0-9._-]{1,64}$";

    // Checked by hand rather than with a Regex: .NET's '$' also matches before a final '\n', which would let
    // "MAYO-0001\n" through, and the character set is small enough to state directly.
    public static bool IsValid(string candidate)
    {
        if (candidate.Length is 0 or > MaxLength)
        {
            return false;
        }

        foreach (var character in candidate)
        {
            if (!(char.IsAsciiLetterOrDigit(character) || character is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
