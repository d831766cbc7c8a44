using FitnessAssistant.MetadataService.Catalog;

namespace FitnessAssistant.MetadataService.Tests;

public sealed class ExerciseValidatorTests
{
    private static readonly Vocabulary.CatalogVocabulary Vocabulary = TestVocabulary.Create();

    private static ExerciseInput Valid() => new(
        Id: null, Name: "  Push-Up   (wide) ", Description: " Wide hands. ", Instructions: ["Lower.", "  ", "Push."],
        Category: "Strength", Level: "BEGINNER", Force: "", Mechanic: "compound", Equipment: "body only",
        PrimaryMuscles: ["chest", "Chest"], SecondaryMuscles: ["triceps", "chest"], Aliases: ["press-up", "Press-Up", "push-up (wide)"]);

    [Fact]
    public void Harmless_differences_are_normalised()
    {
        var outcome = ExerciseValidator.Validate(Valid(), Vocabulary);

        outcome.Errors.Should().BeEmpty();
        var draft = outcome.Draft!;
        draft.Id.Should().Be("push-up-wide");
        draft.Name.Should().Be("Push-Up (wide)");
        draft.Description.Should().Be("Wide hands.");
        draft.Instructions.Should().Equal("Lower.", "Push.");
        (draft.Category, draft.Level, draft.Force).Should().Be(("strength", "beginner", (string?)null));
        draft.PrimaryMuscles.Should().Equal("chest");
        draft.SecondaryMuscles.Should().Equal("triceps");
        draft.Aliases.Should().Equal("press-up");
    }

    [Fact]
    public void Every_problem_is_reported_under_its_field()
    {
        var input = Valid() with
        {
            Id = "not a slug", Name = " ", Level = "godlike", Category = null, Force = "sideways",
            PrimaryMuscles = ["chest", "wings"], Instructions = [null], Aliases = [new string('a', 101)],
        };

        var outcome = ExerciseValidator.Validate(input, Vocabulary);

        outcome.IsValid.Should().BeFalse();
        outcome.Errors.Keys.Should().BeEquivalentTo(["id", "name", "level", "category", "force", "primaryMuscles[1]", "instructions[0]", "aliases[0]"]);
        outcome.Errors["level"].Single().Should().Contain("'beginner', 'expert'");
        outcome.Errors["primaryMuscles[1]"].Single().Should().Contain("wings");
    }

    [Fact]
    public void Primary_muscles_and_an_id_when_required_cannot_be_missing()
    {
        var outcome = ExerciseValidator.Validate(Valid() with { PrimaryMuscles = [] }, Vocabulary, idRequired: true);
        outcome.Errors.Keys.Should().BeEquivalentTo(["id", "primaryMuscles"]);
    }
}
