using FitnessAssistant.SearchService.QueryUnderstanding;

namespace FitnessAssistant.SearchService.Tests.QueryUnderstanding;

public class EditDistanceTests
{
    [Theory]
    [InlineData("dumbell", "dumbbell", 1)]
    [InlineData("tricpes", "triceps", 1)]
    [InlineData("hamstrng", "hamstring", 1)]
    [InlineData("strech", "stretch", 1)]
    [InlineData("squat", "squat", 0)]
    [InlineData("", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    public void Compute_counts_edits_with_adjacent_swaps(string a, string b, int expected)
        => EditDistance.Compute(a, b, 5).Should().Be(expected);

    [Fact]
    public void Compute_stops_at_the_limit()
        => EditDistance.Compute("barbell", "kettlebells", 1).Should().Be(2);
}
