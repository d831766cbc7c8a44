using FitnessAssistant.Gateway.Requests;

namespace FitnessAssistant.Gateway.Tests;

public sealed class RequestIdTests
{
    [Theory]
    [InlineData("abc-123", true)]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736", true)]
    [InlineData("svc:req_1.2", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("has space", false)]
    [InlineData("line\nbreak", false)]
    [InlineData("quote\"", false)]
    public void Only_short_plain_ids_are_kept(string? value, bool kept)
        => RequestId.IsWellFormed(value).Should().Be(kept);

    [Fact]
    public void Overlong_ids_are_replaced()
    {
        RequestId.IsWellFormed(new string('a', 128)).Should().BeTrue();
        RequestId.IsWellFormed(new string('a', 129)).Should().BeFalse();
    }
}
