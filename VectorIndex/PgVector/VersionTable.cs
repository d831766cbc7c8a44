using System.Text.RegularExpressions;

namespace FitnessAssistant.VectorIndex.PgVector;

/// <summary>The table of one index version: its name and its DDL. Version names are <c>v</c> + a number.</summary>
internal static partial class VersionTable
{
    public static bool IsValidVersionName(string version) => VersionName().IsMatch(version);

    /// <summary>The table name; only ever built from a validated version name, so it is safe to splice into SQL.</summary>
    public static string For(string version)
        => IsValidVersionName(version) ? $"vectors_{version}" : throw new IndexNotReadyException($"'{version}' is not an index version name.");

    /// <summary>
    /// Rows are never removed while the version lives: a deletion leaves a tombstone (deleted, no vector) holding its
    /// source version. The filter columns get their own indexes so that a very selective filter can be answered
    /// exactly from them, while broad filters go through the HNSW graph with iterative scans.
    /// </summary>
    public static string CreateSql(string version, int dimensions)
    {
        var table = For(version);
        return $"""
            CREATE TABLE {table} (
                id                text PRIMARY KEY,
                source_version    bigint NOT NULL,
                deleted           boolean NOT NULL DEFAULT false,
                embedding         vector({dimensions}),
                primary_muscles   text[] NOT NULL DEFAULT ARRAY[]::text[],
                secondary_muscles text[] NOT NULL DEFAULT ARRAY[]::text[],
                muscles           text[] GENERATED ALWAYS AS (primary_muscles || secondary_muscles) STORED,
                equipment         text,
                category          text,
                level             text,
                force             text,
                mechanic          text,
                updated_at        timestamptz NOT NULL DEFAULT now(),
                CHECK (deleted = (embedding IS NULL))
            );
            CREATE INDEX {table}_muscles ON {table} USING gin (muscles);
            CREATE INDEX {table}_primary_muscles ON {table} USING gin (primary_muscles);
            CREATE INDEX {table}_equipment ON {table} (equipment);
            CREATE INDEX {table}_category ON {table} (category);
            CREATE INDEX {table}_level ON {table} (level);
            """;
    }

    /// <summary>The HNSW graph, built once after the bulk load (much faster than growing it row by row).</summary>
    public static string CreateHnswSql(string version, int m, int efConstruction)
    {
        var table = For(version);
        return $"CREATE INDEX IF NOT EXISTS {table}_hnsw ON {table} USING hnsw (embedding vector_cosine_ops) WITH (m = {m}, ef_construction = {efConstruction})";
    }

    [GeneratedRegex("^v[0-9]{1,18}$")]
    private static partial Regex VersionName();
}
