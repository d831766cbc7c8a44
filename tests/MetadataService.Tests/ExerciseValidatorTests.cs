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

    [Theory]
    [InlineData("name", "Push\0Up")]
    [InlineData("name", "Push\u0007Up")]
    [InlineData("name", "Push{high}Up")]
    [InlineData("description", "Wide\0hands.")]
    [InlineData("description", "{low}Wide hands.")]
    [InlineData("instructions[1]", "Push\0.")]
    [InlineData("aliases[0]", "press\u001bup")]
    [InlineData("primaryMuscles[0]", "chest\0")]
    [InlineData("category", "strength\0")]
    [InlineData("id", "push\0up")]
    public void Nul_control_characters_and_unpaired_surrogates_are_refused_under_their_field(string field, string text)
    {
        // Attribute arguments are stored as UTF-8, which cannot hold an unpaired surrogate: they are made here.
        text = text.Replace("{high}", "\ud800").Replace("{low}", "\udfff");
        var input = field switch
        {
            "name" => Valid() with { Name = text },
            "description" => Valid() with { Description = text },
            "instructions[1]" => Valid() with { Instructions = ["Lower.", text] },
            "aliases[0]" => Valid() with { Aliases = [text] },
            "primaryMuscles[0]" => Valid() with { PrimaryMuscles = [text] },
            "category" => Valid() with { Category = text },
            _ => Valid() with { Id = text },
        };

        var outcome = ExerciseValidator.Validate(input, Vocabulary);

        outcome.IsValid.Should().BeFalse();
        outcome.Errors.Should().ContainKey(field);
        outcome.Errors[field].Should().Contain(m => m.Contains("U+"));
    }

    [Fact]
    public void Line_breaks_stay_allowed_in_descriptions_and_instructions_and_emoji_everywhere()
    {
        var outcome = ExerciseValidator.Validate(
            Valid() with { Name = "Push-Up \ud83d\udcaa", Description = "Wide hands.\r\n\tSlowly.", Instructions = ["Lower,\nthen push."] },
            Vocabulary);

        outcome.Errors.Should().BeEmpty();
        outcome.Draft!.Name.Should().Be("Push-Up \ud83d\udcaa");
    }
}
