using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Retrieval;

namespace FitnessAssistant.SearchService.Search;

/// <summary>
/// Checks a search request and reads it. Every problem is reported at once, keyed by the parameter it concerns,
/// so the client gets one RFC 9457 validation problem listing all of them.
/// </summary>
public static class SearchRequestValidator
{
    public static Dictionary<string, string[]> Validate(
        SearchInput input, Vocabulary vocabulary, SearchOptions options, out ValidatedSearch? search)
    {
        search = null;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);

        ParsedQuery? query = null;
        var q = input.Q?.Trim();
        if (string.IsNullOrEmpty(q))
        {
            errors["q"] = ["The query 'q' is required and must not be empty."];
        }
        else if (q.Length > options.MaxQueryLength)
        {
            errors["q"] = [$"The query 'q' must be at most {options.MaxQueryLength} characters long (it has {q.Length})."];
        }
        else
        {
            query = QueryParser.Parse(q, vocabulary);
            if (query.Text.Length == 0)
            {
                errors["q"] = ["The query 'q' must contain at least one letter or digit."];
            }
        }

        var resolved = new Dictionary<FacetField, IEnumerable<string>>();
        foreach (var (field, values) in input.Filters)
        {
            var name = field.ParameterName();
            var messages = new List<string>();
            // A JSON body can hold null items ("muscle": [null]); the query string cannot.
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is null)
                {
                    messages.Add($"Item {i} of '{name}' is null: each value must be a string.");
                }
            }
            var list = values.OfType<string>().SelectMany(v => v.Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
            if (list.Count > options.MaxFilterValues)
            {
                messages.Add($"At most {options.MaxFilterValues} values may be given for '{name}' (got {list.Count}).");
            }
            var canonical = new List<string>();
            foreach (var value in list)
            {
                if (vocabulary.TryResolve(field, value, out var known))
                {
                    canonical.Add(known);
                }
                else
                {
                    messages.Add($"Unknown {name} '{Truncate(value)}'. Known values: {string.Join(", ", vocabulary.ValuesOf(field))}.");
                }
            }
            if (messages.Count > 0)
            {
                errors[name] = [.. messages];
            }
            resolved[field] = canonical;
        }
        var filters = new ExerciseFilters(resolved.Select(p => KeyValuePair.Create(p.Key, p.Value)));

        var limit = options.DefaultLimit;
        if (input.Limit is { } limitText)
        {
            if (!int.TryParse(limitText, out limit) || limit < 1 || limit > options.MaxLimit)
            {
                errors["limit"] = [$"'limit' must be a whole number from 1 to {options.MaxLimit}."];
            }
        }

        var offset = 0;
        var fingerprint = query is null ? "" : SearchFingerprint.Compute(query, filters);
        if (input.Cursor is { } cursor)
        {
            if (!SearchPageCursor.TryDecode(cursor, out offset, out var cursorFingerprint))
            {
                errors["cursor"] = ["'cursor' is not a cursor this API issued; pass the 'nextCursor' of a previous page unchanged."];
            }
            else if (query is not null && !errors.ContainsKey("q") && cursorFingerprint != fingerprint)
            {
                errors["cursor"] = ["'cursor' belongs to a different search; send it with the same 'q' and filters as the page it came from."];
            }
        }

        if (errors.Count == 0)
        {
            search = new ValidatedSearch(query!, filters, limit, offset, fingerprint);
        }
        return errors;
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "...";
}
