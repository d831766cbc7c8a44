using System.Text;

namespace FitnessAssistant.ServiceDefaults.Metrics;

/// <summary>
/// OpenTelemetry instrument names and units turned into Prometheus names, as the OpenTelemetry specification's
/// Prometheus compatibility section describes: invalid characters become <c>_</c>, the unit becomes a suffix
/// (<c>s</c> -> <c>_seconds</c>, <c>By</c> -> <c>_bytes</c>; <c>{annotations}</c> are dropped) and counters end in
/// <c>_total</c>. So <c>http.server.request.duration</c> (s) is <c>http_server_request_duration_seconds</c>.
/// </summary>
public static class PrometheusNames
{
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["d"] = "days", ["h"] = "hours", ["min"] = "minutes", ["s"] = "seconds", ["ms"] = "milliseconds",
        ["us"] = "microseconds", ["ns"] = "nanoseconds", ["By"] = "bytes", ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes", ["GiBy"] = "gibibytes", ["KBy"] = "kilobytes", ["MBy"] = "megabytes",
        ["bit"] = "bits", ["%"] = "percent", ["Hz"] = "hertz", ["m"] = "meters", ["V"] = "volts", ["A"] = "amperes",
        ["J"] = "joules", ["W"] = "watts", ["g"] = "grams", ["Cel"] = "celsius",
    };

    public static string MetricName(string instrument, string? unit, PrometheusMetricType type)
    {
        var name = Sanitize(instrument, allowColon: true);
        var suffix = UnitSuffix(unit, type);
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }
        if (type == PrometheusMetricType.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }
        return name;
    }

    /// <summary>A label name; runs of underscores collapse, so no name starts with the reserved <c>__</c>.</summary>
    public static string LabelName(string key) => Sanitize(key, allowColon: false);

    /// <summary>A label value or HELP text in the text format: backslash, double quote and newline escaped.</summary>
    public static string Escape(string value, bool quote = true)
    {
        if (value.AsSpan().IndexOfAny("\\\"\n") < 0)
        {
            return value;
        }
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '"' when quote => "\\\"",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }

    private static string UnitSuffix(string? unit, PrometheusMetricType type)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return "";
        }
        // Annotations in braces ({request}, {message}) carry no unit.
        var withoutAnnotations = new StringBuilder();
        var depth = 0;
        foreach (var c in unit)
        {
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth == 0 && c != '}')
            {
                withoutAnnotations.Append(c);
            }
        }
        var bare = withoutAnnotations.ToString().Trim();
        if (bare.Length == 0)
        {
            return "";
        }
        if (bare == "1")
        {
            return type == PrometheusMetricType.Gauge ? "ratio" : "";
        }
        var slash = bare.IndexOf('/');
        if (slash >= 0)
        {
            // "By/s" -> bytes_per_second; "{request}/s" (annotation gone) -> per_second.
            var per = bare[(slash + 1)..] switch { "s" => "second", "min" => "minute", "h" => "hour", "d" => "day", var other => Word(other) };
            return slash == 0 ? $"per_{per}" : $"{Word(bare[..slash])}_per_{per}";
        }
        return Word(bare);
    }

    private static string Word(string unit) => Units.TryGetValue(unit, out var word) ? word : Sanitize(unit, allowColon: false);

    private static string Sanitize(string text, bool allowColon)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var valid = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' || (allowColon && c == ':');
            var next = valid ? c : '_';
            if (next == '_' && builder.Length > 0 && builder[^1] == '_')
            {
                continue;
            }
            builder.Append(next);
        }
        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }
        return builder.ToString();
    }
}
