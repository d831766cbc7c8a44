using FitnessAssistant.MetadataService.Catalog;

namespace FitnessAssistant.MetadataService.Tests;

public sealed class SlugAndCursorTests
{
    [Theory]
    [InlineData("Barbell_Bench_Press_-_Medium_Grip", true)]
    [InlineData("3_4_Sit-Up", true)]
    [InlineData("push-up", true)]
    [InlineData("-leading-dash", false)]
    [InlineData("has space", false)]
    [InlineData("slash/inside", false)]
    [InlineData("", false)]
    public void Slugs_are_url_safe_and_admit_free_exercise_db_ids(string value, bool valid)
        => Slug.IsValid(value).Should().Be(valid);

    [Fact]
    public void A_slug_is_never_longer_than_the_limit()
        => Slug.IsValid(new string('a', Slug.MaxLength + 1)).Should().BeFalse();

    [Theory]
    [InlineData("Push-Up (wide)", "push-up-wide")]
    [InlineData("Crunché  Ëxtra", "crunche-extra")]
    [InlineData("90/90 Hamstring", "90-90-hamstring")]
    public void Slugs_derive_from_names(string name, string slug) => Slug.FromName(name).Should().Be(slug);

    [Fact]
    public void A_cursor_round_trips_and_foreign_ones_are_refused()
    {
        KeysetCursor.TryDecode(KeysetCursor.Encode("Barbell_Squat"), out var after).Should().BeTrue();
        after.Should().Be("barbell_squat");
        KeysetCursor.TryDecode(null, out var none).Should().BeTrue();
        none.Should().BeNull();
        KeysetCursor.TryDecode("garbage!", out _).Should().BeFalse();
        KeysetCursor.TryDecode(Convert.ToBase64String("s1:not a slug"u8.ToArray()), out _).Should().BeFalse();
        KeysetCursor.TryDecode(Convert.ToBase64String("x9:Barbell_Squat"u8.ToArray()), out _).Should().BeFalse();
    }
}
