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

        var filters = ExerciseFilterBinder.Bind(
            [
                (FacetField.Muscle, input.Filters.Muscle), (FacetField.Equipment, input.Filters.Equipment),
                (FacetField.Category, input.Filters.Category), (FacetField.Level, input.Filters.Level),
                (FacetField.Force, input.Filters.Force), (FacetField.Mechanic, input.Filters.Mechanic),
            ],
            vocabulary, errors, options.MaxFilterValues);

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
}
