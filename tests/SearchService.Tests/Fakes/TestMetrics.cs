using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace FitnessAssistant.SearchService.Tests.Fakes;

/// <summary>The search service's instruments on a meter factory of their own, for classes that record into them.</summary>
public static class TestMetrics
{
    public static SearchMetrics Create()
        => new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
}
