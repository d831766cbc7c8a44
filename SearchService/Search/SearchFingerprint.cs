using System.Security.Cryptography;
using System.Text;
using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Retrieval;

namespace FitnessAssistant.SearchService.Search;

/// <summary>
/// Identifies a search by what decides its results: the normalised, corrected query text and the canonical
/// filters. "Dumbell  ROWS" and "dumbbell rows" share it, so they share cache entries and cursors.
/// </summary>
public static class SearchFingerprint
{
    public static string Compute(ParsedQuery query, ExerciseFilters filters)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{query.Text}\n{filters}"));
        return Convert.ToHexStringLower(hash, 0, 16);
    }
}
