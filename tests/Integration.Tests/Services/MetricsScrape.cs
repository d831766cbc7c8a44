using System.Globalization;
using System.Text.RegularExpressions;

namespace FitnessAssistant.IntegrationTests.Services;

/// <summary>Reads one series from a service's <c>/metrics</c>, as Prometheus would scrape it.</summary>
internal static partial class MetricsScrape
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The value of the first sample of <paramref name="metric"/> (any labels), or null if the series is absent.</summary>
    public static Task<double?> ValueAsync(Uri service, string metric) => ValueAsync(service, metric, label: null);

    /// <summary>
    /// The value of the first sample of <paramref name="metric"/> whose labels include <paramref name="label"/>
    /// (written as exposed, e.g. <c>db="replica"</c>; null: any labels), or null if there is no such series.
    /// </summary>
    public static async Task<double?> ValueAsync(Uri service, string metric, string? label)
    {
        var text = await Http.GetStringAsync(new Uri(service, "/metrics"));
        foreach (Match sample in Sample().Matches(text))
        {
            if (sample.Groups["name"].Value == metric && (label is null || sample.Groups["labels"].Value.Contains(label, StringComparison.Ordinal)))
            {
                return double.Parse(sample.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }
        return null;
    }

    /// <summary>Scrapes until the series has a value that satisfies <paramref name="condition"/>; returns that value.</summary>
    public static async Task<double> EventuallyAsync(Uri service, string metric, Func<double, bool> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var last = await ValueAsync(service, metric);
            if (last is { } value && condition(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{metric} was {last?.ToString(CultureInfo.InvariantCulture) ?? "absent"} after {timeout.TotalSeconds:0} s: {because}");
            }
            await Task.Delay(250);
        }
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{[^}]*\})? (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
