using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.VectorIndex;

/// <summary>Tuning of the pgvector index (section <c>VectorIndex</c>); measured in benchmarks/Indexing.Benchmarks.</summary>
public sealed class VectorIndexOptions
{
    public const string Section = "VectorIndex";

    /// <summary>Name of the connection string of the vector database.</summary>
    [Required]
    public string ConnectionName { get; set; } = "vectordb";

    /// <summary>HNSW graph degree (pgvector <c>m</c>).</summary>
    [Range(2, 100)]
    public int HnswM { get; set; } = 16;

    /// <summary>HNSW build candidate list (pgvector <c>ef_construction</c>); at least 2 x <see cref="HnswM"/>.</summary>
    [Range(4, 1000)]
    public int HnswEfConstruction { get; set; } = 128;

    /// <summary>Default search candidate list (<c>hnsw.ef_search</c>); raised to the query's limit when smaller.</summary>
    [Range(1, 1000)]
    public int EfSearch { get; set; } = 200;

    /// <summary>
    /// pgvector 0.8 iterative index scans: when a filter rejects candidates, the scan continues through the graph
    /// instead of returning fewer than k rows. <c>RelaxedOrder</c> re-sorts the hits afterwards.
    /// </summary>
    public IterativeScan IterativeScan { get; set; } = IterativeScan.RelaxedOrder;

    /// <summary>Upper bound of tuples an iterative scan visits (<c>hnsw.max_scan_tuples</c>).</summary>
    [Range(100, 10_000_000)]
    public int MaxScanTuples { get; set; } = 20_000;

    /// <summary>Memory for building the HNSW graph (<c>maintenance_work_mem</c>, in MB).</summary>
    [Range(16, 8192)]
    public int BuildMemoryMegabytes { get; set; } = 256;
}
