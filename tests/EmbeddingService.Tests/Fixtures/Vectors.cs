namespace FitnessAssistant.EmbeddingService.Tests.Fixtures;

/// <summary>Comparisons of embeddings against their references, in double precision.</summary>
internal static class Vectors
{
    public static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * (double)b[i];
            na += a[i] * (double)a[i];
            nb += b[i] * (double)b[i];
        }
        return dot / Math.Sqrt(na * nb);
    }
}
