using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;

namespace CalcinosisRegistry.Domain.Analyses;

/// <summary>
/// The analysis data of one statistics shard: per live case only the attributes that filters and comparisons use
/// and, per course, its class, best response and recurrence observation, packed into small structs in one array
/// (about a hundred bytes per case, see docs/benchmarks.md). An analysis is one pass over that array producing an
/// <see cref="AnalysisPartial"/>; no case document is read. Not thread-safe: a shard grain owns one.
/// </summary>
public sealed class CohortIndex
{
    private static readonly int ClassCount = Enum.GetValues<TreatmentClass>().Length;

    /// <summary>Age-band names of spec section 2, in ascending order; a band holds ages from its lower bound.</summary>
    private static readonly (int From, string Name)[] AgeBands = [(0, "0-17"), (18, "18-39"), (40, "40-64"), (65, "65+")];

    private readonly Dictionary<string, int> _slotOf = new(StringComparer.Ordinal);
    private readonly List<string> _sites = [];
    private readonly Dictionary<string, ushort> _siteIndex = new(StringComparer.Ordinal);
    private CohortCase[] _cases = [];
    private int _count;

    public int Count => _count;

    /// <summary>Replaces the case's analysis data; a null contribution (a withdrawal) removes it.</summary>
    public void Set(string caseKey, string siteId, CaseContribution? contribution)
    {
        ArgumentNullException.ThrowIfNull(caseKey);
        ArgumentNullException.ThrowIfNull(siteId);
        if (contribution is null)
        {
            Remove(caseKey);
            return;
        }

        var packed = Pack(caseKey, SiteIndexOf(siteId), contribution);
        if (_slotOf.TryGetValue(caseKey, out var slot))
        {
            _cases[slot] = packed;
            return;
        }

        if (_count == _cases.Length)
        {
            Array.Resize(ref _cases, Math.Max(16, _cases.Length * 2));
        }

        _cases[_count] = packed;
        _slotOf[caseKey] = _count++;
    }

    public void Clear()
    {
        _slotOf.Clear();
        Array.Clear(_cases, 0, _count);
        _count = 0;
    }

    public AnalysisPartial Analyze(AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = CompiledQuery.Of(request.Filter, _siteIndex, _sites.Count);
        var groups = new GroupTally?[GroupCount(request.Compare)];
        var partial = new AnalysisPartial();
        for (var slot = 0; slot < _count; slot++)
        {
            ref readonly var item = ref _cases[slot];
            if (!query.Matches(item))
            {
                continue;
            }

            partial.CasesIncluded++;
            var byClass = request.Compare == AnalysisComparison.TreatmentClass;
            var caseGroup = CaseGroupOf(item, request.Compare);

            // A case counts once in every group it has a course in: one group for a case-level comparison, one bit
            // per class (fewer than 32) for treatment classes.
            var groupsCounted = 0u;
            foreach (var course in item.Courses)
            {
                if ((query.ClassMask & (1u << course.Class)) == 0)
                {
                    continue;
                }

                partial.CoursesIncluded++;
                var groupIndex = byClass ? course.Class : caseGroup;
                var group = groups[groupIndex] ??= new GroupTally();
                var bit = byClass ? 1u << course.Class : 1u;
                if ((groupsCounted & bit) == 0)
                {
                    groupsCounted |= bit;
                    group.Cases++;
                }

                group.AddCourse(course.BestResponse, course.RecurrenceDays, course.Recurred);
            }
        }

        for (var index = 0; index < groups.Length; index++)
        {
            if (groups[index] is { } group)
            {
                partial.Groups[GroupKey(request.Compare, index)] = group;
            }
        }

        return partial;
    }

    private void Remove(string caseKey)
    {
        if (!_slotOf.Remove(caseKey, out var slot))
        {
            return;
        }

        var last = --_count;
        if (slot != last)
        {
            _cases[slot] = _cases[last];
            _slotOf[_cases[slot].Key] = slot;
        }

        _cases[last] = default;
    }

    private ushort SiteIndexOf(string siteId)
    {
        if (!_siteIndex.TryGetValue(siteId, out var index))
        {
            index = checked((ushort)_sites.Count);
            _sites.Add(siteId);
            _siteIndex[siteId] = index;
        }

        return index;
    }

    private int GroupCount(AnalysisComparison compare) => compare switch
    {
        AnalysisComparison.None => 1,
        AnalysisComparison.TreatmentClass => ClassCount,
        AnalysisComparison.CalcinosisType => Enum.GetValues<CalcinosisType>().Length,
        AnalysisComparison.Sex => Enum.GetValues<Sex>().Length,
        AnalysisComparison.Site => Math.Max(1, _sites.Count),
        AnalysisComparison.AgeBand => AgeBands.Length,
        _ => throw new ArgumentOutOfRangeException(nameof(compare), compare, "Unknown comparison."),
    };

    private static int CaseGroupOf(in CohortCase item, AnalysisComparison compare) => compare switch
    {
        AnalysisComparison.CalcinosisType => item.Type,
        AnalysisComparison.Sex => item.Sex,
        AnalysisComparison.Site => item.Site,
        AnalysisComparison.AgeBand => AgeBandOf(item.Age),
        _ => 0,
    };

    private static int AgeBandOf(int age)
    {
        var band = 0;
        while (band + 1 < AgeBands.Length && age >= AgeBands[band + 1].From)
        {
            band++;
        }

        return band;
    }

    private string GroupKey(AnalysisComparison compare, int index) => compare switch
    {
        AnalysisComparison.None => StatisticsSummarizer.AllWireName,
        AnalysisComparison.TreatmentClass => CaseJson.ToWireName((TreatmentClass)index),
        AnalysisComparison.CalcinosisType => CaseJson.ToWireName((CalcinosisType)index),
        AnalysisComparison.Sex => CaseJson.ToWireName((Sex)index),
        AnalysisComparison.Site => _sites[index],
        AnalysisComparison.AgeBand => AgeBands[index].Name,
        _ => throw new ArgumentOutOfRangeException(nameof(compare), compare, "Unknown comparison."),
    };

    private static CohortCase Pack(string caseKey, ushort site, CaseContribution contribution)
    {
        var conditions = 0u;
        foreach (var condition in contribution.UnderlyingConditions)
        {
            conditions |= 1u << (int)condition;
        }

        var courses = contribution.Courses.Count == 0 ? [] : new CohortCourse[contribution.Courses.Count];
        for (var index = 0; index < courses.Length; index++)
        {
            var outcome = contribution.Courses[index];
            courses[index] = new CohortCourse(
                outcome.Recurrence?.Days ?? 0,
                (byte)outcome.Class,
                outcome.BestResponse is { } best ? (byte)((int)best + 1) : (byte)0,
                outcome.Recurrence?.Recurred ?? false);
        }

        return new CohortCase
        {
            Key = caseKey,
            Courses = courses,
            Site = site,
            Conditions = (ushort)conditions,
            DiagnosisYear = (short)Math.Clamp(contribution.DiagnosisYear, short.MinValue, short.MaxValue),
            Type = (byte)contribution.Type,
            Sex = (byte)contribution.Sex,
            Age = (byte)Math.Clamp(contribution.AgeAtOnsetYears, 0, byte.MaxValue),
        };
    }

    /// <summary>One live case as the index keeps it (24 bytes, plus its courses at 8 bytes each).</summary>
    internal struct CohortCase
    {
        public string Key;
        public CohortCourse[] Courses;
        public ushort Site;
        public ushort Conditions;
        public short DiagnosisYear;
        public byte Type;
        public byte Sex;
        public byte Age;
    }

    /// <summary>One course: its class, best response (0 = not assessed, else <see cref="Response"/> + 1) and, for a responder, its recurrence observation.</summary>
    internal readonly record struct CohortCourse(int RecurrenceDays, byte Class, byte Best, bool Recurred)
    {
        public Response? BestResponse => Best == 0 ? null : (Response)(Best - 1);
    }

    /// <summary>A filter turned into bit masks and ranges over the packed values.</summary>
    private sealed class CompiledQuery
    {
        private uint _typeMask = uint.MaxValue;
        private uint _sexMask = uint.MaxValue;
        private uint? _conditionMask;
        private IntRange? _age;
        private IntRange? _year;
        private bool[]? _sitesAllowed;

        public uint ClassMask { get; private set; } = uint.MaxValue;

        public static CompiledQuery Of(AnalysisFilter filter, Dictionary<string, ushort> siteIndex, int siteCount)
        {
            var query = new CompiledQuery { _age = filter.AgeAtOnset, _year = filter.DiagnosisYear };
            if (filter.CalcinosisTypes is { } types)
            {
                query._typeMask = Mask(types.Select(type => (int)type));
            }

            if (filter.Sex is { } sexes)
            {
                query._sexMask = Mask(sexes.Select(sex => (int)sex));
            }

            if (filter.UnderlyingConditions is { } conditions)
            {
                query._conditionMask = Mask(conditions.Select(condition => (int)condition));
            }

            if (filter.TreatmentClasses is { } classes)
            {
                query.ClassMask = Mask(classes.Select(treatmentClass => (int)treatmentClass));
            }

            if (filter.Sites is { } sites)
            {
                query._sitesAllowed = new bool[siteCount];
                foreach (var site in sites)
                {
                    if (siteIndex.TryGetValue(site, out var index))
                    {
                        query._sitesAllowed[index] = true;
                    }
                }
            }

            return query;
        }

        public bool Matches(in CohortCase item) =>
            (_typeMask & (1u << item.Type)) != 0
            && (_sexMask & (1u << item.Sex)) != 0
            && (_conditionMask is not { } conditions || (conditions & item.Conditions) != 0)
            && (_age is null || _age.Contains(item.Age))
            && (_year is null || _year.Contains(item.DiagnosisYear))
            && (_sitesAllowed is null || _sitesAllowed[item.Site]);

        private static uint Mask(IEnumerable<int> bits) => bits.Aggregate(0u, (mask, bit) => mask | (1u << bit));
    }
}
