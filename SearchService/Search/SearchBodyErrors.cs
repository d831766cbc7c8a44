using System.Text.Json;

namespace FitnessAssistant.SearchService.Search;

/// <summary>
/// Turns a failure to read a <see cref="SearchRequest"/> body into validation errors keyed by the JSON field, so a
/// client learns which field to fix: an unknown field is named with the fields that exist.
/// </summary>
public static class SearchBodyErrors
{
    private static readonly string[] FilterNames = [.. FacetFields.All.Select(f => f.ParameterName())];

    public static Dictionary<string, string[]> Describe(JsonException exception)
    {
        var path = (exception.Path ?? "$").TrimStart('$').TrimStart('.');
        var segments = path.Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (UnknownField(segments) is { } known)
        {
            return new Dictionary<string, string[]>
            {
                [path] = [$"Unknown field '{path}'. Known fields here: {string.Join(", ", known)}; filters go inside \"filters\", e.g. {{\"q\":\"curl\",\"filters\":{{\"muscle\":[\"biceps\"]}}}}."],
            };
        }
        var where = exception.LineNumber is { } line ? $" (line {line + 1}, position {exception.BytePositionInLine + 1})" : "";
        var field = path.Length == 0 ? "body" : path;
        return new Dictionary<string, string[]>
        {
            [field] = [path.Length == 0
                ? $"The body is not a valid search request: it must be a JSON object with q, and optionally filters, limit and cursor{where}."
                : $"'{path}' does not hold a value of the right type or range{where}: q and cursor are strings, limit a whole number, each filter a list of strings."],
        };
    }

    /// <summary>The names allowed where the path ends, if its last name is not one of them.</summary>
    private static IReadOnlyList<string>? UnknownField(string[] segments)
    {
        static bool IsOneOf(string name, IEnumerable<string> names) => names.Contains(name, StringComparer.OrdinalIgnoreCase);
        if (segments.Length == 0 || segments[^1].Contains('['))
        {
            return null;
        }
        return segments switch
        {
            [var name] when !IsOneOf(name, SearchRequest.FieldNames) => SearchRequest.FieldNames,
            [var parent, var name] when parent.Equals("filters", StringComparison.OrdinalIgnoreCase) && !IsOneOf(name, FilterNames) => FilterNames,
            _ => null,
        };
    }
}
