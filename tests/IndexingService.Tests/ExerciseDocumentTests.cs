using FitnessAssistant.IndexingService.Catalog;
using FitnessAssistant.IndexingService.Documents;

namespace FitnessAssistant.IndexingService.Tests;

public sealed class ExerciseDocumentTests
{
    [Fact]
    public void The_card_names_the_facts_people_search_by_in_words()
    {
        var exercise = new CatalogExercise("Pushups", "Pushups", ["press-up"], null,
            ["Lie on the floor face down and place your hands about 36 inches apart.", "Push your body up."],
            "strength", "beginner", "push", "compound", "body only", ["chest"], ["shoulders", "triceps"], 12);

        ExerciseDocument.Text(exercise).Should().Be(
            "Pushups. Also called press-up. Strength exercise for the chest, also working the shoulders and triceps. " +
            "No equipment, body weight only. Beginner level. Compound push movement. " +
            "Lie on the floor face down and place your hands about 36 inches apart.");
    }

    [Fact]
    public void A_description_is_preferred_to_instructions_and_long_text_is_cut_at_a_word()
    {
        var description = string.Join(' ', Enumerable.Repeat("stretch", 80));
        var exercise = new CatalogExercise("X", "Hamstring Stretch", [], description, ["Sit."], "stretching", "expert", null, null, "foam roll",
            ["hamstrings"], [], 1);

        var text = ExerciseDocument.Text(exercise);

        text.Should().StartWith("Hamstring Stretch. Stretching exercise for the hamstrings. Equipment: foam roll. Expert level. stretch stretch");
        text.Should().EndWith("stretch…").And.NotContain("Sit.");
        text.Length.Should().BeLessThan(420);
    }
}
