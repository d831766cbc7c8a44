using System.Text.Json;
using FitnessAssistant.MetadataService.Experiments;

namespace FitnessAssistant.MetadataService.Tests.Experiments;

public sealed class JudgedSetValidatorTests
{
    private static JudgedQueryInput Query(string json) => JsonSerializer.Deserialize<JudgedQueryInput>(json, JsonSerializerOptions.Web)!;

    [Fact]
    public void A_rule_gets_canonical_vocabulary_values_and_keeps_none()
    {
        var (draft, errors) = JudgedSetValidator.ValidateQuery(
            Query("""{"query": " chest without kit ", "rule": {"muscles_any": ["Chest"], "equipment_any": ["none", "BODY ONLY"]}}"""),
            TestVocabulary.Create());

        errors.Should().BeEmpty();
        draft!.Query.Should().Be("chest without kit");
        draft.Rule!.MusclesAny.Should().Equal("chest");
        draft.Rule.EquipmentAny.Should().Equal("none", "body only");
    }

    [Fact]
    public void Every_problem_is_named_by_its_json_path()
    {
        var (draft, errors) = JudgedSetValidator.Validate(new JudgedSetInput(null, "Bad set", null,
        [
            Query("""{"query": "x", "rule": {"equipment_any": ["hammer"], "level_any": ["none"], "category_not": []}}"""),
            Query("""{"query": "y", "rule": {"name_regex": "(?<=a)b", "name_not_regex": "["}}"""),
            Query("""{"query": "", "relevant": {"not an id!": 2, "Pushups": 3}}"""),
            Query("""{"query": "z", "rule": {}}"""),
            Query("""{"query": "w"}"""),
            null,
        ]), TestVocabulary.Create());

        draft.Should().BeNull();
        errors.Keys.Should().BeEquivalentTo(
            "queries[0].rule.equipment_any[0]", "queries[0].rule.level_any[0]", "queries[0].rule.category_not",
            "queries[1].rule.name_regex", "queries[1].rule.name_not_regex",
            "queries[2].query", "queries[2].relevant.not an id!", "queries[2].relevant.Pushups",
            "queries[3].rule", "queries[4].rule", "queries[5]");
        errors["queries[1].rule.name_regex"].Single().Should().Contain("Lookarounds");
    }

    [Fact]
    public void Unknown_rule_fields_are_refused_rather_than_ignored()
    {
        var act = () => Query("""{"query": "x", "rule": {"equipment_anyy": ["barbell"]}}""");

        act.Should().Throw<JsonException>().Which.Path.Should().Contain("equipment_anyy");
    }

    [Fact]
    public void The_id_is_derived_from_the_name_and_the_shipped_set_is_valid()
    {
        var (draft, _) = JudgedSetValidator.Validate(new JudgedSetInput(null, "Knee-friendly Queries", null, []), TestVocabulary.Create());
        draft!.Id.Should().Be("knee-friendly-queries");

        var vocabulary = new Vocabulary.CatalogVocabulary(FreeExerciseDbVocabulary());
        var core = CoreJudgedSet.Draft(vocabulary);
        core.Id.Should().Be("core");
        core.Queries.Should().HaveCountGreaterThanOrEqualTo(30).And.OnlyContain(q => q.Rule != null);
    }

    [Fact]
    public void Explicit_grades_override_the_rule_and_unknown_exercises_are_left_out()
    {
        var rule = new JudgingRule { MusclesAny = ["biceps"] };
        var curl = new GradedExercise("Curl", "Curl", "strength", "beginner", null, null, "dumbbell", ["biceps"], []);
        var row = curl with { Id = "Row", Name = "Row", PrimaryMuscles = ["lats"], SecondaryMuscles = ["biceps"] };
        var press = curl with { Id = "Press", Name = "Press", PrimaryMuscles = ["chest"] };
        var query = new JudgedQuery(1, "biceps", rule,
            new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["curl"] = 0, ["Press"] = 1, ["Deleted"] = 2 });

        query.Resolve([curl, row, press]).Should().BeEquivalentTo(new Dictionary<string, int> { ["Row"] = 1, ["Press"] = 1 });
    }

    // Every value the shipped set's rules use, as the catalog's vocabulary holds them (free-exercise-db's strings).
    private static IEnumerable<Vocabulary.VocabularyTerm> FreeExerciseDbVocabulary()
    {
        var values = new Dictionary<string, string[]>
        {
            ["muscle"] = ["abdominals", "abductors", "adductors", "biceps", "calves", "chest", "forearms", "glutes", "hamstrings", "lats",
                "lower back", "middle back", "neck", "quadriceps", "shoulders", "traps", "triceps"],
            ["equipment"] = ["bands", "barbell", "body only", "cable", "dumbbell", "e-z curl bar", "exercise ball", "foam roll", "kettlebells",
                "machine", "medicine ball", "other"],
            ["category"] = ["cardio", "olympic weightlifting", "plyometrics", "powerlifting", "strength", "stretching", "strongman"],
            ["level"] = ["beginner", "intermediate", "expert"],
            ["force"] = ["pull", "push", "static"],
            ["mechanic"] = ["compound", "isolation"],
        };
        return values.SelectMany(kind => kind.Value.Select(value => new Vocabulary.VocabularyTerm(kind.Key, value, value, 1, [])));
    }
}
