using FitnessAssistant.ServiceDefaults;
using FitnessAssistant.VectorIndex.PgVector;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FitnessAssistant.VectorIndex;

public static class Extensions
{
    /// <summary>
    /// Registers <see cref="IVectorIndex"/> on pgvector, reading the connection string named by
    /// <c>VectorIndex:ConnectionName</c> (default <c>vectordb</c>) and the tuning in section <c>VectorIndex</c>.
    /// </summary>
    public static IHostApplicationBuilder AddVectorIndex(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<VectorIndexOptions>(VectorIndexOptions.Section)
            .Validate(o => o.HnswEfConstruction >= 2 * o.HnswM, "VectorIndex:HnswEfConstruction must be at least twice VectorIndex:HnswM.");
        // A data source of its own (not the container's NpgsqlDataSource): a service may talk to other databases too.
        builder.Services.AddSingleton<IVectorIndex>(services =>
        {
            var options = services.GetRequiredService<IOptions<VectorIndexOptions>>();
            var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString(options.Value.ConnectionName)
                ?? throw new InvalidOperationException(
                    $"Connection string '{options.Value.ConnectionName}' is missing: set ConnectionStrings__{options.Value.ConnectionName}.");
            return new PgVectorIndex(NpgsqlDataSource.Create(connectionString), options, ownsDataSource: true);
        });
        return builder;
    }
}
