using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Retrieval;
using FitnessAssistant.SearchService.Search;
using FitnessAssistant.SearchService.Suggest;
using FitnessAssistant.SearchService.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.SearchService.Tests.Search;

public class MatchAssessorTests
{
    private static readonly VocabularyProvider Vocabulary = new();

    private readonly SuggestIndexProvider _names = new(Vocabulary, new FakeDependencies(), NullLogger<SuggestIndexProvider>.Instance);

    private MatchAssessor Assessor => new(_names, Options.Create(new MatchOptions { MinSimilarity = 0.4 }));

    [Theory]
    [InlineData("qwxzvbnm", 0.1, MatchQuality.None)]
    [InlineData("qwxzvbnm", 0.45, MatchQuality.Good)]
    [InlineData("tennis elbow", 0.6, MatchQuality.Good)]
    [InlineData("hamstrings", 0.1, MatchQuality.Good)]
    [InlineData("no dumbbells", 0.1, MatchQuality.Good)]
    [InlineData("dumbbell zottman", 0.1, MatchQuality.Good)]
    [InlineData("qwxzvbnm swing", 0.1, MatchQuality.Weak)]
    public async Task Facets_conditions_or_a_close_exercise_make_a_good_match_else_a_word_of_a_name_a_weak_one(string text, double best, string expected)
    {
        await LoadNamesAsync();

        var quality = Assessor.Assess(QueryParser.Parse(text, Vocabulary.Current), Outcome(best, 0.05));

        quality.Level.Should().Be(expected);
    }

    [Fact]
    public void Without_semantic_search_nothing_named_and_nothing_found_is_none()
    {
        var query = QueryParser.Parse("qwxzvbnm", Vocabulary.Current);

        Assessor.Assess(query, Outcome()).Level.Should().Be(MatchQuality.None);
        Assessor.Assess(query, Outcome([null])).Level.Should().Be(MatchQuality.Weak, "keyword search found something, semantic search could not judge");
    }

    [Fact]
    public void A_weak_match_suggests_what_its_words_may_have_meant()
    {
        var quality = Assessor.Assess(QueryParser.Parse("qwxzvbnm hamstr", Vocabulary.Current), Outcome(0.1));

        quality.Level.Should().Be(MatchQuality.Weak, "'hamstr' is how 'hamstring' compares as a stem");
        quality.DidYouMean.Should().Contain(s => s.Text == "hamstrings" && s.Kind == Suggestion.Muscle);
    }

    /// <summary>The index gets the catalog's exercise names once the catalog vocabulary has been merged in, as in the service.</summary>
    private async Task LoadNamesAsync()
    {
        await _names.StartAsync(CancellationToken.None);
        Vocabulary.UseCatalogVocabulary([], []);
        for (var attempt = 0; attempt < 100 && _names.Current.ExerciseCount == 0; attempt++)
        {
            await Task.Delay(20);
        }
        _names.Current.ExerciseCount.Should().BePositive();
    }

    private static SearchOutcome Outcome(params double?[] similarities)
        => new([.. similarities.Select((s, i) => new RankedHit(SampleCatalog.Exercises[i], 1, new HitExplanation([], [], s, s is null ? null : i + 1, null)))],
            new Dictionary<string, IReadOnlyList<FacetCount>>(), []);
}
