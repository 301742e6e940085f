using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;

namespace CalcinosisRegistry.Domain.Analyses;

/// <summary>
/// The analysis data of one statistics shard in columnar form: per live case a 16-byte struct of the attributes that
/// filters and comparisons use, with its courses (8 bytes each: class, best response, recurrence observation)
/// contiguous in one shared course array, and the case keys in an array of their own. An analysis is one sequential
/// pass over those two arrays producing an <see cref="AnalysisPartial"/>: no case document is read and no pointer is
/// followed per case. Not thread-safe: a shard grain owns one.
/// </summary>
public sealed class CohortIndex
{
    private static readonly int ClassCount = Enum.GetValues<TreatmentClass>().Length;

    /// <summary>Age-band names of spec section 2, in ascending order; a band holds ages from its lower bound.</summary>
    private static readonly (int From, string Name)[] AgeBands = [(0, "0-17"), (18, "18-39"), (40, "40-64"), (65, "65+")];

    /// <summary>Below this many course slots the holes left by replaced and withdrawn cases are never compacted.</summary>
    private const int CompactionFloor = 1024;

    private readonly Dictionary<string, int> _slotOf = new(StringComparer.Ordinal);
    private readonly List<string> _sites = [];
    private readonly Dictionary<string, ushort> _siteIndex = new(StringComparer.Ordinal);
    private string[] _keys = [];
    private CohortCase[] _cases = [];
    private int _count;

    /// <summary>Every case's courses at [Start, Start + Count); slots no case points at are holes.</summary>
    private CohortCourse[] _courses = [];
    private int _coursesUsed;
    private int _courseHoles;

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

        var packed = Pack(SiteIndexOf(siteId), contribution);
        var courses = contribution.Courses;
        if (_slotOf.TryGetValue(caseKey, out var slot))
        {
            ref var held = ref _cases[slot];
            if (courses.Count <= held.CourseCount)
            {
                // Fits where the old courses were: the rest of their slots become holes.
                _courseHoles += held.CourseCount - courses.Count;
                packed.CourseStart = held.CourseStart;
            }
            else
            {
                _courseHoles += held.CourseCount;
                packed.CourseStart = ReserveCourses(courses.Count);
            }

            WriteCourses(packed.CourseStart, courses);
            _cases[slot] = packed;
            CompactIfSparse();
            return;
        }

        if (_count == _cases.Length)
        {
            var size = Math.Max(16, _cases.Length * 2);
            Array.Resize(ref _cases, size);
            Array.Resize(ref _keys, size);
        }

        packed.CourseStart = ReserveCourses(courses.Count);
        WriteCourses(packed.CourseStart, courses);
        _cases[_count] = packed;
        _keys[_count] = caseKey;
        _slotOf[caseKey] = _count++;
    }

    public void Clear()
    {
        _slotOf.Clear();
        Array.Clear(_keys, 0, _count);
        _count = 0;
        _coursesUsed = 0;
        _courseHoles = 0;
    }

    public AnalysisPartial Analyze(AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = CompiledQuery.Of(request.Filter, _siteIndex, _sites.Count);
        var groups = new GroupTally?[GroupCount(request.Compare)];

        // Each group's responders' follow-up, packed (FollowUp.Pack) into one pooled buffer per group and sorted once
        // at the end: no per-day hash table or tree while scanning.
        var followUps = new FollowUpBuffer[groups.Length];
        var partial = new AnalysisPartial();
        var byClass = request.Compare == AnalysisComparison.TreatmentClass;
        try
        {
            for (var slot = 0; slot < _count; slot++)
            {
                ref readonly var item = ref _cases[slot];
                if (!query.Matches(item))
                {
                    continue;
                }

                partial.CasesIncluded++;
                var caseGroup = CaseGroupOf(item, request.Compare);

                // A case counts once in every group it has a course in: one group for a case-level comparison, one
                // bit per class (fewer than 32) for treatment classes.
                var groupsCounted = 0u;
                var coursesEnd = item.CourseStart + item.CourseCount;
                for (var courseSlot = item.CourseStart; courseSlot < coursesEnd; courseSlot++)
                {
                    ref readonly var course = ref _courses[courseSlot];
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

                    if (group.AddCourse(course.BestResponse, course.Recurred))
                    {
                        followUps[groupIndex].Add(FollowUp.Pack(course.RecurrenceDays, course.Recurred));
                    }
                }
            }

            for (var index = 0; index < groups.Length; index++)
            {
                if (groups[index] is { } group)
                {
                    group.Times = FollowUp.FromPacked(followUps[index].Values);
                    partial.Groups[GroupKey(request.Compare, index)] = group;
                }
            }
        }
        finally
        {
            foreach (var buffer in followUps)
            {
                buffer.Return();
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

        _courseHoles += _cases[slot].CourseCount;
        var last = --_count;
        if (slot != last)
        {
            _cases[slot] = _cases[last];
            _keys[slot] = _keys[last];
            _slotOf[_keys[slot]] = slot;
        }

        _cases[last] = default;
        _keys[last] = null!;
        CompactIfSparse();
    }

    /// <summary>The start of <paramref name="count"/> free course slots at the end of the course array.</summary>
    private int ReserveCourses(int count)
    {
        if (_coursesUsed + count > _courses.Length)
        {
            Array.Resize(ref _courses, Math.Max(Math.Max(64, _courses.Length * 2), _coursesUsed + count));
        }

        var start = _coursesUsed;
        _coursesUsed += count;
        return start;
    }

    private void WriteCourses(int start, IReadOnlyList<CourseOutcome> courses)
    {
        for (var index = 0; index < courses.Count; index++)
        {
            var outcome = courses[index];
            _courses[start + index] = new CohortCourse(
                outcome.Recurrence?.Days ?? 0,
                (byte)outcome.Class,
                outcome.BestResponse is { } best ? (byte)((int)best + 1) : (byte)0,
                outcome.Recurrence?.Recurred ?? false);
        }
    }

    /// <summary>Once holes are more than half of the course array, copies every case's courses together again.</summary>
    private void CompactIfSparse()
    {
        if (_coursesUsed < CompactionFloor || _courseHoles * 2 <= _coursesUsed)
        {
            return;
        }

        var compacted = new CohortCourse[Math.Max(64, (_coursesUsed - _courseHoles) * 2)];
        var used = 0;
        for (var slot = 0; slot < _count; slot++)
        {
            ref var item = ref _cases[slot];
            Array.Copy(_courses, item.CourseStart, compacted, used, item.CourseCount);
            item.CourseStart = used;
            used += item.CourseCount;
        }

        (_courses, _coursesUsed, _courseHoles) = (compacted, used, 0);
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

    /// <summary>The case's attributes; its courses are written to the course array by the caller.</summary>
    private static CohortCase Pack(ushort site, CaseContribution contribution)
    {
        var conditions = 0u;
        foreach (var condition in contribution.UnderlyingConditions)
        {
            conditions |= 1u << (int)condition;
        }

        return new CohortCase
        {
            CourseCount = checked((ushort)contribution.Courses.Count),
            Site = site,
            Conditions = (ushort)conditions,
            DiagnosisYear = (short)Math.Clamp(contribution.DiagnosisYear, short.MinValue, short.MaxValue),
            Type = (byte)contribution.Type,
            Sex = (byte)contribution.Sex,
            Age = (byte)Math.Clamp(contribution.AgeAtOnsetYears, 0, byte.MaxValue),
        };
    }

    /// <summary>One live case as the index keeps it (16 bytes; its courses live in the shared course array).</summary>
    internal struct CohortCase
    {
        public int CourseStart;
        public ushort CourseCount;
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

    /// <summary>A growable buffer of packed follow-up values on pooled arrays; <see cref="Return"/> gives the array back.</summary>
    private struct FollowUpBuffer
    {
        private int[]? _values;
        private int _count;

        public readonly Span<int> Values => _values.AsSpan(0, _count);

        public void Add(int value)
        {
            if (_values is null || _count == _values.Length)
            {
                var larger = System.Buffers.ArrayPool<int>.Shared.Rent(Math.Max(64, _count * 2));
                Values.CopyTo(larger);
                Return();
                _values = larger;
            }

            _values[_count++] = value;
        }

        public void Return()
        {
            if (_values is not null)
            {
                System.Buffers.ArrayPool<int>.Shared.Return(_values);
                _values = null;
            }
        }
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
