using FitnessAssistant.Gateway.Requests;

namespace FitnessAssistant.Gateway.Tests;

public sealed class RequestTargetHygieneTests
{
    [Theory]
    [InlineData("")]
    [InlineData("q=push%20up&muscle=chest&muscle=biceps")]
    [InlineData("q=caf%C3%A9+cr%C3%A8me")]
    [InlineData("q=%F0%9F%92%AA")]
    [InlineData("cursor=eyJvIjoyMH0%3D")]
    [InlineData("/api/v1/exercises/push-up/similar")]
    public void Well_formed_components_pass(string component)
        => RequestTargetHygiene.Problem(component).Should().BeNull();

    [Theory]
    [InlineData("q=%zz", "malformed percent-escape '%zz'")]
    [InlineData("q=100%", "malformed percent-escape '%'")]
    [InlineData("q=%4", "malformed percent-escape '%4'")]
    [InlineData("q=curl%00", "U+0000")]
    [InlineData("q=a%0Ab", "U+000A")]
    [InlineData("q=a%7Fb", "U+007F")]
    [InlineData("q=%C2%85", "U+0085")]
    [InlineData("q=%FF", "UTF-8")]
    [InlineData("q=%ED%A0%80", "UTF-8")]
    [InlineData("q=%C3", "UTF-8")]
    public void Broken_escapes_non_utf8_and_control_characters_are_named(string component, string expected)
        => RequestTargetHygiene.Problem(component).Should().Contain(expected);
}
