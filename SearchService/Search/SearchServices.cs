using FitnessAssistant.SearchService.QueryUnderstanding;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.SearchService.Search;

/// <summary>What the search handlers use, injected as one parameter.</summary>
public sealed record SearchServices(ExerciseSearch Search, VocabularyProvider Vocabulary, IOptions<SearchOptions> Options);
