using System.Globalization;

namespace CalcinosisRegistry.Web.Outcomes;

/// <summary>Readable names for the vocabulary's wire names (<c>calcium-channel-blocker</c> → "Calcium channel blocker").</summary>
public static class ClassNames
{
    public static string Label(string wireName) => wireName == "all" ? "All treatments" : Sentence(wireName);

    public static string TypeLabel(string wireName) => wireName == "all" ? "All types" : Sentence(wireName);

    public static string Sentence(string wireName)
    {
        var words = wireName.Replace('-', ' ');
        return words.Length == 0 ? words : char.ToUpper(words[0], CultureInfo.InvariantCulture) + words[1..];
    }
}
