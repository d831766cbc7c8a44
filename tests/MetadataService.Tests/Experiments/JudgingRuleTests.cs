using System.Text.Json;
using System.Text.Json.Nodes;
using FitnessAssistant.MetadataService.Experiments;

namespace FitnessAssistant.MetadataService.Tests.Experiments;

/// <summary>The rule grading equals the shared qrels.py's on the real free-exercise-db catalog.</summary>
public sealed class JudgingRuleTests
{
    // Beside the shipped set's and the dev set's rules: each field's _any and _not, "none" in each nullable field,
    // several values, regex alternation, anchors and word boundaries, muscles on secondary only.
    private static readonly string[] EdgeRules =
    [
        """{"equipment_any": ["none"]}""", """{"equipment_not": ["none", "barbell"]}""", """{"force_any": ["none"]}""",
        """{"force_not": ["push", "pull"]}""", """{"mechanic_any": ["none", "isolation"]}""", """{"mechanic_not": ["none"]}""",
        """{"level_not": ["beginner"], "category_any": ["strength", "powerlifting"]}""", """{"category_not": ["strength"]}""",
        """{"name_regex": "^(barbell|dumbbell) "}""", """{"name_regex": "press$"}""", """{"name_not_regex": "\\b(barbell|dumbbell|cable)\\b"}""",
        """{"name_regex": "\\bROW\\b", "name_not_regex": "upright"}""", """{"name_regex": "[0-9]|\\("}""",
        """{"muscles_any": ["forearms", "neck"], "equipment_not": ["none"]}""", """{"muscles_any": ["abductors"], "force_any": ["static", "none"]}""",
        """{"muscles_any": ["glutes"], "level_any": ["expert"], "mechanic_any": ["compound"], "force_not": ["push"]}""",
    ];

    [Fact]
    public void Grades_equal_qrels_py_on_free_exercise_db()
    {
        var rules = new List<JsonObject>();
        rules.AddRange(JsonNode.Parse(File.ReadAllText(Path.Combine(SharedEval.Folder, "dev-rules.json")))!.AsArray().Select(r => r!.DeepClone().AsObject()));
        rules.AddRange(CoreSet().Select(q => new JsonObject { ["query"] = q["query"]!.GetValue<string>(), ["rule"] = q["rule"]!.DeepClone() }));
        rules.AddRange(EdgeRules.Select((rule, i) => new JsonObject { ["query"] = $"edge {i}", ["rule"] = JsonNode.Parse(rule) }));
        var rulesFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(rulesFile, new JsonArray([.. rules.Select(r => r.DeepClone())]).ToJsonString());
            var expected = JsonNode.Parse(SharedEval.Python([Path.Combine(SharedEval.Folder, "qrels.py"), rulesFile, SharedEval.Catalog]))!.AsArray();

            expected.Should().HaveCount(rules.Count);
            var compared = 0;
            for (var i = 0; i < rules.Count; i++)
            {
                var rule = rules[i]["rule"].Deserialize<JudgingRule>()!;
                var actual = SharedEval.Exercises.Select(e => (e.Id, Grade: rule.Grade(e))).Where(g => g.Grade > 0)
                    .ToDictionary(g => g.Id, g => g.Grade);
                var reference = expected[i]!["relevant"]!.AsObject().ToDictionary(r => r.Key, r => r.Value!.GetValue<int>());
                actual.Should().BeEquivalentTo(reference, $"rule {rules[i].ToJsonString()} grades as qrels.py does");
                compared += reference.Count;
            }
            compared.Should().BeGreaterThan(1000, "the comparison covers many judged pairs, not empty sets");
        }
        finally
        {
            File.Delete(rulesFile);
        }
    }

    [Fact]
    public void Muscles_grade_two_on_primary_one_on_secondary_and_explicit_none_matches_an_unstated_field()
    {
        var rule = new JudgingRule { MusclesAny = ["biceps"], EquipmentAny = ["none"] };
        var primary = new GradedExercise("a", "Curl", "strength", "beginner", null, null, null, ["biceps"], []);
        var secondary = primary with { PrimaryMuscles = ["lats"], SecondaryMuscles = ["biceps"] };

        rule.Grade(primary).Should().Be(2);
        rule.Grade(secondary).Should().Be(1);
        rule.Grade(primary with { Equipment = "body only" }).Should().Be(0, "'none' means the field is not stated, as in qrels.py");
        rule.Grade(primary with { PrimaryMuscles = ["lats"] }).Should().Be(0);
    }

    private static IEnumerable<JsonObject> CoreSet()
    {
        using var stream = typeof(JudgingRule).Assembly.GetManifestResourceStream(CoreJudgedSet.ResourceName)!;
        return JsonNode.Parse(stream)!["queries"]!.AsArray().Select(q => q!.AsObject());
    }
}
