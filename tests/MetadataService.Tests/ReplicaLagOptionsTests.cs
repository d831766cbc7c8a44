using System.ComponentModel.DataAnnotations;
using FitnessAssistant.MetadataService.Data;

namespace FitnessAssistant.MetadataService.Tests;

public sealed class ReplicaLagOptionsTests
{
    private static List<ValidationResult> Validate(ReplicaLagOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void The_defaults_are_valid_and_match_fm6()
    {
        var options = new ReplicaLagOptions();
        Validate(options).Should().BeEmpty();
        options.PrimaryAbove.Should().Be(TimeSpan.FromSeconds(5));
        options.ReplicaBelow.Should().Be(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Thresholds_without_a_gap_are_refused()
    {
        Validate(new ReplicaLagOptions { PrimaryAbove = TimeSpan.FromSeconds(3), ReplicaBelow = TimeSpan.FromSeconds(3) })
            .Should().ContainSingle(r => r.MemberNames.Contains(nameof(ReplicaLagOptions.ReplicaBelow)));
    }

    [Fact]
    public void A_threshold_finer_than_the_sampling_is_refused()
    {
        Validate(new ReplicaLagOptions { SampleInterval = TimeSpan.FromSeconds(10) })
            .Should().ContainSingle(r => r.MemberNames.Contains(nameof(ReplicaLagOptions.PrimaryAbove)));
    }
}
