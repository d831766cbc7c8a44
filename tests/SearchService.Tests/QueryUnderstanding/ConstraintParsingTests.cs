using FitnessAssistant.SearchService.QueryUnderstanding;

namespace FitnessAssistant.SearchService.Tests.QueryUnderstanding;

/// <summary>How conditions are read: each case is a kind of query, not a query any judged set holds.</summary>
public class ConstraintParsingTests
{
    private static readonly Vocabulary Vocabulary = BuiltInVocabulary.Create();

    private static ParsedQuery Parse(string query) => QueryParser.Parse(query, Vocabulary);

    [Theory]
    [InlineData("deadlifts without a barbell", "barbell")]
    [InlineData("curls that don't need dumbbells", "dumbbell")]
    [InlineData("back work but not on machines", "machine")]
    [InlineData("triceps, anything except cables", "cable")]
    [InlineData("leg day, avoiding the smith machine", "machine")]
    [InlineData("a row that isn't done with a barbell", "barbell")]
    [InlineData("I do not have a kettlebell, glutes", "kettlebells")]
    [InlineData("excluding bands, shoulder moves", "bands")]
    public void Negated_equipment_is_excluded_and_never_recognised_as_a_boost(string query, string equipment)
    {
        var parsed = Parse(query);

        parsed.Constraints.Should().ContainSingle(c => c.Kind == ConstraintKind.ExcludeValues && c.Field == FacetField.Equipment)
            .Which.Values.Should().Equal(equipment);
        parsed.ValuesOf(FacetField.Equipment).Should().BeEmpty("a negated facet must not boost");
        parsed.KeywordText.Should().NotContain(equipment);
        parsed.AllowedValues[FacetField.Equipment].Should().NotContain(equipment).And.Contain(FacetFields.Unstated,
            "an exercise that states no equipment does not use the excluded one");
    }

    [Fact]
    public void The_negated_part_is_left_out_of_the_text_the_encoder_embeds_but_not_out_of_the_cache_key()
    {
        var parsed = Parse("lunges without dumbbells");

        parsed.SemanticText.Should().Be("lunges");
        parsed.Text.Should().Be("lunges without dumbbells");
        parsed.Terms.Should().Equal("lunges");
    }

    [Fact]
    public void And_or_carry_a_negation_on_and_a_second_negation_starts_its_own()
    {
        Parse("pressing with no barbells or dumbbells").Constraints.SelectMany(c => c.Values).Should().BeEquivalentTo("barbell", "dumbbell");

        var twice = Parse("back, no cables and no machines, for beginners");
        twice.Constraints.Where(c => c.Field == FacetField.Equipment).SelectMany(c => c.Values).Should().BeEquivalentTo("cable", "machine");
        twice.ValuesOf(FacetField.Equipment).Should().BeEmpty();
        twice.ValuesOf(FacetField.Level).Should().Equal(["beginner"], "the scope ends at the first thing it names");
    }

    [Fact]
    public void A_scope_ends_at_what_it_names_so_later_words_keep_their_meaning()
    {
        var parsed = Parse("without a bench, chest with dumbbells");

        parsed.Constraints.Should().ContainSingle().Which.Values.Should().Equal("bench");
        parsed.ValuesOf(FacetField.Muscle).Should().Equal("chest");
        parsed.ValuesOf(FacetField.Equipment).Should().Equal("dumbbell");
    }

    [Fact]
    public void Phrases_meaning_no_equipment_stay_a_bodyweight_facet_not_a_negation()
    {
        var parsed = Parse("core without equipment");

        parsed.Constraints.Should().BeEmpty();
        parsed.ValuesOf(FacetField.Equipment).Should().BeEquivalentTo("body only", FacetFields.Unstated);
    }

    [Theory]
    [InlineData("hamstrings, no stretching", FacetField.Category, "stretching")]
    [InlineData("shoulders but nothing too hard", FacetField.Level, "expert")]
    [InlineData("biceps, not isolation", FacetField.Mechanic, "isolation")]
    public void Other_negated_facets_are_excluded_too(string query, FacetField field, string value)
    {
        var parsed = Parse(query);

        parsed.Constraints.Should().ContainSingle(c => c.Field == field).Which.Values.Should().Equal(value);
        parsed.ValuesOf(field).Should().BeEmpty();
    }

    [Theory]
    [InlineData("legs, no lunges", "lunge")]
    [InlineData("chest but no flyes", "flye")]
    [InlineData("anything for triceps other than skull crushers", "skull crusher")]
    [InlineData("back without pull-ups", "pull up")]
    public void A_negated_movement_excludes_it_by_name(string query, string name)
    {
        var parsed = Parse(query);

        parsed.Constraints.Should().ContainSingle(c => c.Kind == ConstraintKind.ExcludeNames).Which.Values.Should().Equal(name);
        parsed.Terms.Should().BeEmpty();
    }

    [Theory]
    [InlineData("everything I have is a kettlebell and a resistance band", new[] { "kettlebells", "bands" })]
    [InlineData("I only own dumbbells, what can I do for my back", new[] { "dumbbell" })]
    [InlineData("just a medicine ball: arms", new[] { "medicine ball" })]
    [InlineData("nothing but a swiss ball and a barbell", new[] { "exercise ball", "barbell" })]
    [InlineData("ive got a cable machine, shoulders", new[] { "cable" })]
    public void Equipment_someone_has_is_the_only_equipment(string query, string[] equipment)
    {
        var parsed = Parse(query);

        parsed.Constraints.Should().ContainSingle(c => c.Kind == ConstraintKind.OnlyValues).Which.Values.Should().BeEquivalentTo(equipment);
        parsed.AllowedValues[FacetField.Equipment].Should().BeEquivalentTo(equipment);
        parsed.ValuesOf(FacetField.Equipment).Should().BeEquivalentTo(equipment, "what someone has still ranks first");
    }

    [Fact]
    public void Naming_equipment_without_saying_it_is_all_there_is_stays_a_boost()
        => Parse("rows with a barbell").Constraints.Should().BeEmpty();

    [Fact]
    public void Own_bodyweight_counts_exercises_stating_no_equipment()
        => Parse("only my body weight and a band").AllowedValues[FacetField.Equipment]
            .Should().BeEquivalentTo("bands", "body only", FacetFields.Unstated);

    [Theory]
    [InlineData("quiet leg exercises")]
    [InlineData("a cardio session for a flat with neighbours below")]
    [InlineData("low impact glutes")]
    [InlineData("calves with no jumping")]
    public void Quiet_and_no_jumps_exclude_plyometrics_and_jumping_movements(string query)
    {
        var parsed = Parse(query);

        parsed.AllowedValues[FacetField.Category].Should().NotContain("plyometrics").And.Contain("strength");
        parsed.Constraints.Should().Contain(c => c.Kind == ConstraintKind.ExcludeNames && c.Values.Contains("jump") && c.Values.Contains("hop"));
        parsed.ValuesOf(FacetField.Category).Should().NotContain("plyometrics");
    }

    [Fact]
    public void No_floor_work_excludes_exercises_done_lying_down()
    {
        var constraint = Parse("obliques, no floor work please").Constraints.Should().ContainSingle().Subject;

        constraint.Kind.Should().Be(ConstraintKind.ExcludeNames);
        constraint.Values.Should().Contain(["lying", "plank", "crunch"]);
        constraint.Reason.Should().Be("no floor work");
    }

    [Theory]
    [InlineData("seated calf work")]
    [InlineData("arms while sitting in a chair")]
    public void Seated_requires_a_seated_exercise(string query)
        => Parse(query).Constraints.Should().ContainSingle(c => c.Kind == ConstraintKind.RequireNames).Which.Values.Should().Equal("seated");

    [Theory]
    [InlineData("loosen my hips after sitting all day")]
    [InlineData("stretches for people sitting at a desk")]
    public void Sitting_as_the_cause_of_a_complaint_requires_nothing(string query)
        => Parse(query).Constraints.Should().NotContain(c => c.Kind == ConstraintKind.RequireNames);

    [Fact]
    public void A_beginner_is_not_shown_expert_exercises()
    {
        var parsed = Parse("novice shoulder routine");

        parsed.ValuesOf(FacetField.Level).Should().Equal("beginner");
        parsed.AllowedValues[FacetField.Level].Should().BeEquivalentTo("beginner", "intermediate");
    }

    [Theory]
    [InlineData("barbell bench press")]
    [InlineData("hamstring stretches")]
    [InlineData("kettlebell swings for the glutes")]
    [InlineData("no equipment core")]
    public void Plain_topic_queries_state_no_conditions(string query)
    {
        var parsed = Parse(query);

        parsed.Constraints.Should().BeEmpty();
        parsed.SemanticText.Should().Be(parsed.Text);
    }
}
