using FitnessAssistant.IndexingService.Catalog;
using FitnessAssistant.IndexingService.Documents;

namespace FitnessAssistant.IndexingService.Tests;

public sealed class ExerciseDocumentTests
{
    [Fact]
    public void The_card_names_the_facts_people_search_by_in_words_and_leaves_out_the_instructions()
    {
        var exercise = new CatalogExercise("Pushups", "Pushups", ["press-up"], "A classic.",
            ["Lie on the floor face down and place your hands about 36 inches apart.", "Push your body up."],
            "strength", "beginner", "push", "compound", "body only", ["chest"], ["shoulders", "triceps"], 12);

        ExerciseDocument.Text(exercise).Should().Be(
            "Pushups. Also called press-up. Strength exercise for the chest, also working the shoulders and triceps. " +
            "No equipment, body weight only. Beginner level. Compound push movement.");
    }

    [Fact]
    public void Unstated_facts_are_left_out_rather_than_invented()
    {
        var exercise = new CatalogExercise("X", "Hamstring Stretch", [], null, [], "stretching", "expert", null, null, "foam roll",
            ["hamstrings"], [], 1);

        ExerciseDocument.Text(exercise).Should().Be("Hamstring Stretch. Stretching exercise for the hamstrings. Equipment: foam roll. Expert level.");
    }
}
