using FitnessAssistant.SearchService.Caching;
using FitnessAssistant.SearchService.Retrieval;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FitnessAssistant.SearchService.Tests.Fakes;

/// <summary>The real search service in memory, its dependencies replaced by <see cref="FakeDependencies"/>.</summary>
public sealed class SearchApiFactory : WebApplicationFactory<Program>
{
    public FakeDependencies Dependencies { get; } = new();

    public InMemorySearchCache Cache { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Nothing listens there: the parts not replaced below (the epoch monitor's poll) fail fast and harmlessly.
        builder.UseSetting("ConnectionStrings:redis", "127.0.0.1:1");
        builder.UseSetting("ConnectionStrings:vectordb", "Host=127.0.0.1;Port=1;Username=none;Password=none;Database=none");
        builder.UseSetting("ServiceCredential:Token", "search-tests-service-credential-0123456789");
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IQueryEmbedder>();
            services.RemoveAll<IVectorSearch>();
            services.RemoveAll<IExerciseCatalog>();
            services.RemoveAll<IIndexEpochSource>();
            services.RemoveAll<ISearchCache>();
            services.AddSingleton<IQueryEmbedder>(Dependencies);
            services.AddSingleton<IVectorSearch>(Dependencies);
            services.AddSingleton<IExerciseCatalog>(Dependencies);
            services.AddSingleton<IIndexEpochSource>(Dependencies);
            services.AddSingleton<ISearchCache>(Cache);
        });
    }
}
