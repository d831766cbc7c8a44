using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Retrieval;
using FitnessAssistant.SearchService.Suggest;

namespace FitnessAssistant.SearchService.Tests.Suggest;

public class SuggestIndexTests
{
    private static readonly SuggestIndex Index = SuggestIndex.Build(BuiltInVocabulary.Create(),
    [
        Exercise("Hamstring_Stretch", "Hamstring Stretch"),
        Exercise("Lying_Leg_Curls", "Lying Leg Curls"),
        Exercise("Dumbbell_Bench_Press", "Dumbbell Bench Press"),
        Exercise("Barbell_Bench_Press", "Barbell Bench Press"),
        Exercise("Bench_Dips", "Bench Dips"),
        Exercise("Goblet_Squat", "Goblet Squat"),
        Exercise("Squat_Jerk", "Squat Jerk"),
        Exercise("Split_Squat_with_Dumbbells", "Split Squat with Dumbbells", "rear-foot elevated split squat", "bulgarian squat"),
    ]);

    [Fact]
    public void A_muscle_completes_from_its_first_letters_before_exercises_that_name_it()
    {
        var suggestions = Index.Suggest("hamst", 5);

        suggestions[0].Should().Be(new Suggestion("hamstrings", Suggestion.Muscle, null, null, false));
        suggestions.Should().Contain(new Suggestion("Hamstring Stretch", Suggestion.Exercise, "Hamstring_Stretch", null, false));
    }

    [Fact]
    public void Equipment_completes_before_the_exercises_that_use_it_even_with_a_letter_missing()
    {
        var suggestions = Index.Suggest("dumbe", 10);

        suggestions[0].Should().Be(new Suggestion("dumbbell", Suggestion.Equipment, null, null, true), "'dumbe' lacks the second b");
        Index.Suggest("dumbb", 1)[0].Should().Be(new Suggestion("dumbbell", Suggestion.Equipment, null, null, false));
        suggestions.Where(s => s.Kind == Suggestion.Exercise).Select(s => s.Id)
            .Should().BeEquivalentTo(["Dumbbell_Bench_Press", "Split_Squat_with_Dumbbells"]);
    }

    [Fact]
    public void A_misspelt_word_finds_an_exercise_by_another_of_its_names_and_says_it_was_corrected()
    {
        var suggestions = Index.Suggest("bulgarain", 5);

        suggestions.Should().Equal(new Suggestion("Split Squat with Dumbbells", Suggestion.Exercise, "Split_Squat_with_Dumbbells", "bulgarian squat", true));
    }

    [Fact]
    public void Earlier_words_must_all_match_and_the_last_completes()
    {
        Index.Suggest("bench pr", 10).Select(s => s.Id).Should().BeEquivalentTo(["Dumbbell_Bench_Press", "Barbell_Bench_Press"]);
        Index.Suggest("lying leg cur", 10).Select(s => s.Id).Should().Equal("Lying_Leg_Curls");
    }

    [Fact]
    public void Exact_matches_come_before_corrected_ones_and_names_that_start_with_the_text_first()
    {
        var squat = Index.Suggest("squat", 10).Where(s => s.Kind == Suggestion.Exercise).Select(s => s.Id).ToList();
        squat[0].Should().Be("Squat_Jerk", "its name starts with the word");
        squat.Should().Contain(["Goblet_Squat", "Split_Squat_with_Dumbbells"]);

        var typo = Index.Suggest("bemch", 10);
        typo.Should().NotBeEmpty().And.OnlyContain(s => s.Corrected);
        typo.Select(s => s.Id).Should().Contain("Bench_Dips");
    }

    [Fact]
    public void A_word_for_one_value_completes_to_it_and_a_broad_word_to_none()
    {
        Index.Suggest("quads", 5)[0].Should().Be(new Suggestion("quadriceps", Suggestion.Muscle, null, "quads", false));
        Index.Suggest("arms", 5).Should().NotContain(s => s.Kind == Suggestion.Muscle && s.Alias == "arms");
        Index.Suggest("no equip", 5).Should().NotContain(s => s.Text == FacetFields.Unstated);
    }

    [Fact]
    public void Short_words_are_not_corrected_and_nonsense_finds_nothing()
    {
        Index.Suggest("bxn", 5).Should().BeEmpty();
        Index.Suggest("qwxzvbnm", 5).Should().BeEmpty();
        Index.Suggest("!!", 5).Should().BeEmpty();
    }

    [Fact]
    public void The_limit_cuts_the_same_ranking_and_a_repeated_prefix_answers_the_same()
    {
        var all = Index.Suggest("b", SuggestIndex.MaxSuggestions);
        all.Count.Should().BeGreaterThan(3);
        Index.Suggest("B", 3).Should().Equal(all.Take(3), "case and spacing are normalised before the cache");
        Index.Suggest("b", SuggestIndex.MaxSuggestions).Should().Equal(all);
    }

    [Fact]
    public void An_exercise_named_in_a_query_may_have_two_other_words_in_its_name_besides_stop_words()
    {
        var index = SuggestIndex.Build(BuiltInVocabulary.Create(),
        [
            Exercise("Close-Grip_Push-Up_off_of_a_Dumbbell", "Close-Grip Push-Up off of a Dumbbell"),
            Exercise("Push-Up_Wide", "Push-Up Wide", "wide grip push up"),
            Exercise("Front_Squat_With_Two_Kettlebells_And_A_Band", "Front Squat With Two Kettlebells And A Band"),
        ]);

        index.FindExercise(["close", "grip", "push", "ups"], 2)?.Id.Should().Be("Close-Grip_Push-Up_off_of_a_Dumbbell",
            "'off' and 'dumbbell' are its other words; 'of' and 'a' are not");
        index.FindExercise(["grip", "push", "ups"], 2)?.Id.Should().Be("Push-Up_Wide", "fewest other words first");
        index.FindExercise(["front", "squat"], 2).Should().BeNull("'two', 'kettlebells' and 'band' are three other words");
    }

    private static ExerciseDetails Exercise(string id, string name, params string[] aliases)
        => new(id, name, "strength", "beginner", null, null, null, [], []) { Aliases = aliases };
}
