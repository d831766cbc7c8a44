using FitnessAssistant.VectorIndex;

namespace FitnessAssistant.Indexing.Benchmarks;

/// <summary>
/// Synthetic 512-d unit vectors whose geometry follows their attributes, as real embeddings do: each vector is a
/// weighted sum of one random direction per category, primary muscle, equipment and level, plus an exercise's own
/// direction. Attributes are drawn from the real catalog, so filter selectivities are the real ones.
/// </summary>
internal sealed class SyntheticCatalog
{
    public const int Dimensions = 512;
    private readonly Random _random;
    private readonly IReadOnlyList<ExerciseAttributes> _templates;
    private readonly Dictionary<string, float[]> _directions = new();

    public SyntheticCatalog(IReadOnlyList<ExerciseAttributes> templates, int seed)
    {
        _templates = templates;
        _random = new Random(seed);
    }

    public static EmbeddingModel Model { get; } = new("synthetic-clustered", "1");

    public IEnumerable<VectorRecord> Records(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var attributes = _templates[_random.Next(_templates.Count)];
            yield return new VectorRecord($"synthetic-{i:D6}", 1, Vector(attributes, ownWeight: 0.9f), attributes);
        }
    }

    /// <summary>A query "about" a random exercise's attributes, as a person's text would be.</summary>
    public float[] Query() => Vector(_templates[_random.Next(_templates.Count)], ownWeight: 1.2f);

    private float[] Vector(ExerciseAttributes a, float ownWeight)
    {
        var vector = new float[Dimensions];
        Add(vector, "category:" + a.Category, 1.0f);
        Add(vector, "muscle:" + a.PrimaryMuscles.FirstOrDefault(), 1.2f);
        Add(vector, "equipment:" + a.Equipment, 0.7f);
        Add(vector, "level:" + a.Level, 0.3f);
        var own = Gaussian();
        for (var d = 0; d < Dimensions; d++)
        {
            vector[d] += ownWeight * own[d];
        }
        return Normalize(vector);
    }

    private void Add(float[] vector, string key, float weight)
    {
        if (!_directions.TryGetValue(key, out var direction))
        {
            _directions[key] = direction = Gaussian();
        }
        for (var d = 0; d < Dimensions; d++)
        {
            vector[d] += weight * direction[d];
        }
    }

    private float[] Gaussian()
    {
        var values = new float[Dimensions];
        for (var d = 0; d < Dimensions; d++)
        {
            values[d] = (float)(Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble()) / Math.Sqrt(Dimensions));
        }
        return values;
    }

    private static float[] Normalize(float[] vector)
    {
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        for (var d = 0; d < vector.Length; d++)
        {
            vector[d] /= norm;
        }
        return vector;
    }
}
