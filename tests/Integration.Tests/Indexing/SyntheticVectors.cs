using FitnessAssistant.VectorIndex;

namespace FitnessAssistant.IntegrationTests.Indexing;

/// <summary>
/// Seeded, clustered unit vectors with catalog-like attributes: nearby vectors tend to share a category, as real
/// exercises do, so filters that cut across clusters are the hard case for a graph index.
/// </summary>
internal sealed class SyntheticVectors(int dimensions, int clusters, int seed)
{
    public static readonly string[] Categories = ["strength", "stretching", "plyometrics", "powerlifting", "cardio", "strongman"];
    public static readonly string[] Muscles = ["quadriceps", "shoulders", "abdominals", "chest", "hamstrings", "triceps", "biceps", "lats", "neck"];
    public static readonly string[] Levels = ["beginner", "intermediate", "expert"];
    public static readonly string[] Equipment = ["barbell", "dumbbell", "body only", "cable", "machine", "bands"];

    private readonly Random _random = new(seed);
    private readonly float[][] _centres = Enumerable.Range(0, clusters).Select(_ => Array.Empty<float>()).ToArray();

    public static EmbeddingModel Model { get; } = new("synthetic", "1");

    public List<VectorRecord> Records(int count, long sourceVersion = 1)
    {
        for (var c = 0; c < _centres.Length; c++)
        {
            if (_centres[c].Length == 0)
            {
                _centres[c] = Normalize(Gaussian(dimensions));
            }
        }
        return Enumerable.Range(0, count).Select(i =>
        {
            var cluster = _random.Next(_centres.Length);
            var noise = Gaussian(dimensions);
            var vector = _centres[cluster].Select((v, d) => v + 0.08f * noise[d]).ToArray();
            return new VectorRecord($"x{i:D6}", sourceVersion, Normalize(vector), new ExerciseAttributes
            {
                PrimaryMuscles = [Muscles[_random.Next(Muscles.Length)]],
                SecondaryMuscles = _random.Next(3) == 0 ? [Muscles[_random.Next(Muscles.Length)]] : [],
                // Mostly the cluster's own category, sometimes another.
                Category = Categories[_random.Next(5) == 0 ? _random.Next(Categories.Length) : cluster % Categories.Length],
                Level = Levels[_random.Next(Levels.Length)],
                Equipment = _random.Next(10) == 0 ? null : Equipment[_random.Next(Equipment.Length)],
                Force = _random.Next(2) == 0 ? "push" : "pull",
                Mechanic = _random.Next(2) == 0 ? "compound" : "isolation",
            });
        }).ToList();
    }

    /// <summary>A query near one of the clusters.</summary>
    public float[] Query()
    {
        var centre = _centres[_random.Next(_centres.Length)];
        var noise = Gaussian(dimensions);
        return Normalize(centre.Select((v, d) => v + 0.1f * noise[d]).ToArray());
    }

    public static float[] Normalize(float[] vector)
    {
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return vector.Select(v => v / norm).ToArray();
    }

    private float[] Gaussian(int n)
        => Enumerable.Range(0, n).Select(_ =>
            (float)(Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble()))).ToArray();
}
