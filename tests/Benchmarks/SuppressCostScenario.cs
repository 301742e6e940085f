using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Domain.Statistics.Disclosure;
using CalcinosisRegistry.Domain.Synthetic;
using CalcinosisRegistry.Testing;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// Scenario <c>suppress-cost</c>: the CPU time of one linked-views suppression (the all-sites view and each site's
/// view of the synthetic cohort, k = 5), in this process, for each size in <c>--cases</c> (default 400, 2,000 and
/// 10,000). Under <c>Registry__Disclosure__Method=suppress</c> the analyst's read that finds the tallies moved pays
/// this, so it bounds how fresh the analyst's view can be. The digest of the published views shows that a change to
/// the audit's speed left its output alone.
/// </summary>
public sealed class SuppressCostScenario(BenchmarkOptions options, BenchmarkReport report)
{
    private const int K = 5;
    private const int Repetitions = 5;

    public Task RunAsync(CancellationToken cancellationToken)
    {
        var table = new ResultTable("Suppress: CPU per linked-views suppression (in-process)",
            "cases", "views", "curves", "CPU ms min", "CPU ms median", "CPU ms max", "withheld counts", "digest");
        foreach (var size in options.CasesGiven ? options.Cases : [400, 2_000, 10_000])
        {
            cancellationToken.ThrowIfCancellationRequested();
            var views = LinkedViews(size);
            foreach (var publishCurve in new[] { false, true })
            {
                BenchmarkReport.Progress($"suppress-cost: {Format.Count(size)} cases, curves {(publishCurve ? "on" : "off")}");
                var published = StatisticsDisclosureControl.Suppress(views, K, publishCurve);
                var cpu = new List<double>();
                for (var repetition = 0; repetition < Repetitions; repetition++)
                {
                    var before = Process.GetCurrentProcess().TotalProcessorTime;
                    StatisticsDisclosureControl.Suppress(views, K, publishCurve);
                    cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds);
                }

                cpu.Sort();
                table.AddRow(Format.Count(size), Format.Count(views.Count), publishCurve ? "on" : "off",
                    Format.Ms(cpu[0]), Format.Ms(cpu[cpu.Count / 2]), Format.Ms(cpu[^1]),
                    Format.Count(published.Sum(WithheldCounts)), Digest(published));
            }
        }

        table.AddNote($"SyntheticCohort.Generate(n) summed per site and over all sites with curves; StatisticsDisclosureControl.Suppress(views, {K}, curves) timed {Repetitions} times after one untimed call, as process CPU time (the suppression runs on one thread). Withheld counts: count fields withheld over every view, type and class. Digest: the first 16 hex digits of the SHA-256 of the published views' JSON.");
        report.Add(table);
        return Task.CompletedTask;
    }

    private static IReadOnlyList<StatisticsView> LinkedViews(int size) =>
        LinkedStatisticsViews.SummarizeSites(SyntheticCohort.Generate(size).Select(generated => (generated.SiteId, CaseContribution.FromCase(generated.Document))));

    private static int WithheldCounts(PublishedStatistics view) =>
        view.Types.Append(view.AllTypes).Sum(type =>
            (type.Suppressed?.Count ?? 0) + type.ByTreatment.Append(type.AllTreatments).Sum(treatment => treatment.Suppressed?.Count(name => !name.EndsWith("Rate", StringComparison.Ordinal)) ?? 0));

    private static string Digest(IReadOnlyList<PublishedStatistics> published) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(published)))[..16];
}
