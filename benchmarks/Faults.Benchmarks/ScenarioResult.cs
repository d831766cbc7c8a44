using System.Globalization;

namespace FitnessAssistant.Faults.Benchmarks;

/// <summary>What one scenario did to the users and to the catalog, as the suite's table reports it.</summary>
public sealed record ScenarioResult(
    Scenario Scenario,
    int Searches,
    int SearchesNormal,
    int SearchesDegraded,
    int SearchesShed,
    int SearchesFailed,
    int ClientErrors,
    int ServerErrors,
    int WritesAcknowledged,
    int WritesPresent,
    int WritesIndexed,
    int WritesLost,
    int WritesDuplicated,
    int GhostWrites,
    TimeSpan? Recovery,
    double? Goodput,
    double? ShedLatencyMs,
    string Statuses)
{
    public static string Header =>
        "| scenario | fault | searches | normal | degraded | shed 503/429 | failed (5xx other, no answer) | writes acked / present / indexed | lost | duplicated | ghost | 4xx / 5xx (not 503) | recovery | goodput | answers by status |\n" +
        "|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---|---:|---:|---|";

    public string Row => string.Create(CultureInfo.InvariantCulture,
        $"| {Scenario.Name} | {Scenario.Fault} | {Searches} | {SearchesNormal} | {SearchesDegraded} | {SearchesShed} | {SearchesFailed} | " +
        $"{WritesAcknowledged} / {WritesPresent} / {WritesIndexed} | {WritesLost} | {WritesDuplicated} | {GhostWrites} | {ClientErrors} / {ServerErrors} | " +
        $"{(Recovery is { } r ? $"{r.TotalSeconds:F1} s" : "not within the run")} | " +
        $"{(Goodput is { } g ? $"{g:P0} of capacity" + (ShedLatencyMs is { } shed ? $", 503 in {shed:F1} ms (p50)" : "") : "")} | {Statuses} |");
}
