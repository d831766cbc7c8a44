using FitnessAssistant.VectorIndex.PgVector;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FitnessAssistant.VectorIndex;

public static class Extensions
{
    /// <summary>
    /// Registers <see cref="IVectorIndex"/> (and its read side, <see cref="IVectorIndexReader"/>) on pgvector: a keyed Aspire Npgsql data source (traces, metrics) for the
    /// connection string named by <c>VectorIndex:ConnectionName</c> (default <c>vectordb</c>) and the tuning in
    /// section <c>VectorIndex</c>. The integration's health check is off: each service judges for itself what a
    /// vector database outage means to it (search still answers by keyword, indexing waits).
    /// </summary>
    public static IHostApplicationBuilder AddVectorIndex(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<VectorIndexOptions>()
            .BindConfiguration(VectorIndexOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart()
            .Validate(o => o.HnswEfConstruction >= 2 * o.HnswM, "VectorIndex:HnswEfConstruction must be at least twice VectorIndex:HnswM.");
        var connectionName = builder.Configuration[$"{VectorIndexOptions.Section}:{nameof(VectorIndexOptions.ConnectionName)}"]
                             ?? new VectorIndexOptions().ConnectionName;
        builder.AddKeyedNpgsqlDataSource(connectionName, settings => settings.DisableHealthChecks = true);
        builder.Services.AddSingleton<IVectorIndex>(services => new PgVectorIndex(
            services.GetRequiredKeyedService<NpgsqlDataSource>(connectionName), services.GetRequiredService<IOptions<VectorIndexOptions>>()));
        builder.Services.AddSingleton<IVectorIndexReader>(services => new PgVectorIndexReader(
            services.GetRequiredKeyedService<NpgsqlDataSource>(connectionName), services.GetRequiredService<IOptions<VectorIndexOptions>>()));
        return builder;
    }
}
