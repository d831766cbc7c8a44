using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Retrieval;
using FitnessAssistant.SearchService.Tests.Fakes;

namespace FitnessAssistant.SearchService.Tests.Retrieval;

public class RerankerTests
{
    private static readonly Vocabulary Vocabulary = BuiltInVocabulary.Create();
    private static readonly Dictionary<string, ExerciseDetails> Details = SampleCatalog.Exercises.ToDictionary(e => e.Id);

    private static IReadOnlyList<RankedHit> Rank(string query, ExerciseFilters? filters = null, RetrievalOptions? options = null)
    {
        // Every exercise retrieved with the same fused score: the order comes from the boosts alone.
        var candidates = SampleCatalog.Exercises.Select(e => new FusedCandidate(e.Id, 1.0, null, null, null)).ToList();
        return Reranker.Rank(QueryParser.Parse(query, Vocabulary), filters ?? ExerciseFilters.Empty, candidates, Details,
            options ?? new RetrievalOptions());
    }

    [Fact]
    public void A_primary_muscle_outranks_a_secondary_one()
    {
        var hits = Rank("hamstrings");

        var primary = hits.First(h => h.Exercise.PrimaryMuscles.Contains("hamstrings"));
        var secondary = hits.First(h => h.Exercise.SecondaryMuscles.Contains("hamstrings"));
        primary.Score.Should().BeGreaterThan(secondary.Score);
        secondary.Score.Should().BeGreaterThan(hits.Last().Score);
        primary.Why.MatchedFacets.Should().ContainEquivalentOf(new FacetMatch("muscle", "hamstrings", "query", "primary"));
    }

    [Fact]
    public void Boosts_add_up_across_the_facets_the_query_names()
    {
        var hits = Rank("barbell chest");

        hits[0].Exercise.Id.Should().Be("barbell-bench-press");
        hits.Should().HaveCount(SampleCatalog.Exercises.Count, "boosts reorder, they never drop");
    }

    [Fact]
    public void Query_words_in_the_name_count_in_stem_form()
    {
        var hits = Rank("curls");

        hits.Take(2).Select(h => h.Exercise.Id).Should().BeEquivalentTo("barbell-curl", "cable-curl");
        hits[0].Why.MatchedTerms.Should().Equal("curls");
    }

    [Fact]
    public void Compound_words_match_hyphenated_names()
    {
        var hits = Rank("press ups");

        hits.Take(3).Select(h => h.Exercise.Id).Should().BeEquivalentTo("push-up", "wide-push-up", "close-grip-push-up");
    }

    [Fact]
    public void Hits_contradicting_the_filters_or_missing_from_the_catalog_are_dropped()
    {
        var candidates = new List<FusedCandidate>
        {
            new("barbell-curl", 1, 1, 0.9, null),
            new("cable-curl", 0.9, 2, 0.8, null),
            new("deleted-exercise", 0.8, 3, 0.7, null),
        };
        var filters = new ExerciseFilters([KeyValuePair.Create(FacetField.Equipment, (IEnumerable<string>)["cable"])]);

        var hits = Reranker.Rank(QueryParser.Parse("curl", Vocabulary), filters, candidates, Details, new RetrievalOptions());

        hits.Should().ContainSingle().Which.Exercise.Id.Should().Be("cable-curl");
        hits[0].Why.MatchedFacets.Should().ContainEquivalentOf(new FacetMatch("equipment", "cable", "filter"));
    }

    [Fact]
    public void The_pool_size_caps_the_results()
        => Rank("exercise", options: new RetrievalOptions { CandidatePool = 10 }).Should().HaveCount(10);

    [Fact]
    public void A_negated_equipment_is_not_boosted_but_left_out()
    {
        var hits = Rank("curls without a barbell");

        hits.Should().NotContain(h => h.Exercise.Equipment == "barbell");
        hits[0].Exercise.Id.Should().Be("cable-curl");
    }

    [Fact]
    public void Exercises_whose_equipment_is_unstated_survive_an_equipment_exclusion()
        => Rank("chest without dumbbells").Select(h => h.Exercise.Id).Should().Contain("wide-push-up").And.NotContain("dumbbell-bench-press");

    [Fact]
    public void A_negated_movement_leaves_its_exercises_out_by_name()
    {
        var hits = Rank("abs but no crunches");

        hits.Should().NotContain(h => h.Exercise.Id == "crunch");
        hits[0].Exercise.Id.Should().Be("plank");
    }

    [Fact]
    public void Owned_equipment_keeps_only_exercises_with_it()
        => Rank("i only have a kettlebell, legs").Should().OnlyContain(h => h.Exercise.Equipment == "kettlebells")
            .And.HaveCount(2);

    [Fact]
    public void Conditions_are_not_applied_when_told_not_to()
        => Reranker.Rank(QueryParser.Parse("abs but no crunches", Vocabulary), ExerciseFilters.Empty,
                [new FusedCandidate("crunch", 1, null, null, null)], Details, new RetrievalOptions(), applyConstraints: false)
            .Should().ContainSingle();

    [Fact]
    public void The_named_movement_outranks_exercises_that_only_share_its_modifier()
    {
        // Five barbell exercises, one row (with a dumbbell): the row is what was asked for.
        var hits = Rank("barbell rows");

        hits[0].Exercise.Id.Should().Be("dumbbell-row");
        hits[1].Exercise.Equipment.Should().Be("barbell", "the modifier still orders what follows");
    }

    [Fact]
    public void A_category_keeps_competing_with_a_named_word()
    {
        // "box" names no movement on its own here: plyometrics is the kind asked for.
        var hits = Rank("box drills and plyometrics");

        hits.Take(2).Select(h => h.Exercise.Category).Should().OnlyContain(c => c == "plyometrics");
    }

    [Fact]
    public void Each_hit_marks_the_parts_of_its_name_the_query_matched()
    {
        var hit = Rank("wide pushups").First(h => h.Exercise.Id == "wide-push-up");

        // "Wide Grip Push-Up": "Wide" and "Push-Up" (one movement, its hyphen included), not "Grip".
        hit.Why.Highlights.Should().Equal(new NameSpan(0, 4), new NameSpan(10, 7));
    }

    [Fact]
    public void Facet_phrases_are_highlighted_too()
        => Rank("barbell curls").First(h => h.Exercise.Id == "barbell-curl").Why.Highlights.Should().Equal(new NameSpan(0, 12));
}
