namespace CalcinosisRegistry.Domain.Validation;

/// <summary>
/// The contract's numeric rules (section 2) in one place: the validator enforces them and the bulk formats' data
/// dictionary publishes them, so the two cannot drift apart.
/// </summary>
public static class CaseRules
{
    /// <summary>Days are offsets from the index date; 36500 days is a century of follow-up.</summary>
    public const int FirstDay = 0;
    public const int LastDay = 36500;
    public const int MaxLesions = 200;
    public const int MaxTreatments = 200;
    public const int MaxAgentLength = 100;
    public const int EarliestDiagnosisYear = 1950;
    public const int MaxAgeYears = 120;

    /// <summary>Ages above 89 identify people in small registries, so the contract stores them all as 90.</summary>
    public const int OldestReportedAge = 90;

    public const double MinSizeMm = 0;
    public const double MaxSizeMm = 500;
    public const int MinPainScore = 0;
    public const int MaxPainScore = 10;
    public const double MinSerumCalciumMgDl = 1;
    public const double MaxSerumCalciumMgDl = 25;
    public const double MinPhosphateMgDl = 0.5;
    public const double MaxPhosphateMgDl = 20;
    public const double MinPthPgMl = 0;
}
