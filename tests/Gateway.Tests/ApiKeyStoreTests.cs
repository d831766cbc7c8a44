using FitnessAssistant.Gateway.Authentication;
using FitnessAssistant.Gateway.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.Gateway.Tests;

public sealed class ApiKeyStoreTests
{
    private const string Key = "fa_test-key-1";

    [Fact]
    public void A_configured_key_is_found_by_its_hash_with_its_plan()
    {
        using var store = Store(new() { ["ApiKeys:Keys:alpha:Sha256"] = ApiKeyStore.Hash(Key), ["ApiKeys:Keys:alpha:Plan"] = "free" });
        var key = store.Find(Key)!;
        key.Id.Should().Be("alpha");
        key.Plan.Should().Be("free");
        store.Find("fa_test-key-2").Should().BeNull();
        store.Find("").Should().BeNull();
        store.Find(new string('x', 300)).Should().BeNull();
    }

    [Fact]
    public void Uppercase_hashes_are_accepted()
    {
        using var store = Store(new() { ["ApiKeys:Keys:alpha:Sha256"] = ApiKeyStore.Hash(Key).ToUpperInvariant(), ["ApiKeys:Keys:alpha:Plan"] = "free" });
        store.Find(Key).Should().NotBeNull();
    }

    [Fact]
    public void An_expired_key_is_refused()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        using var store = Store(new()
        {
            ["ApiKeys:Keys:alpha:Sha256"] = ApiKeyStore.Hash(Key),
            ["ApiKeys:Keys:alpha:Plan"] = "free",
            ["ApiKeys:Keys:alpha:ExpiresAt"] = "2026-01-02T00:00:00Z",
        }, clock);
        store.Find(Key).Should().NotBeNull();
        clock.Now = DateTimeOffset.Parse("2026-01-02T00:00:01Z");
        store.Find(Key).Should().BeNull();
    }

    [Theory]
    [InlineData("Sha256", "abc", "ApiKeys:Keys:alpha:Sha256")]
    [InlineData("Plan", "gold", "ApiKeys:Keys:alpha:Plan 'gold'")]
    [InlineData("ExpiresAt", "soon", "ApiKeys:Keys:alpha:ExpiresAt")]
    public void A_broken_entry_stops_the_start_and_names_the_setting(string field, string value, string named)
    {
        var settings = new Dictionary<string, string?> { ["ApiKeys:Keys:alpha:Sha256"] = ApiKeyStore.Hash(Key), ["ApiKeys:Keys:alpha:Plan"] = "free" };
        settings[$"ApiKeys:Keys:alpha:{field}"] = value;
        var start = () => Store(settings);
        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(named);
    }

    [Fact]
    public void The_same_key_twice_is_refused()
    {
        var start = () => Store(new()
        {
            ["ApiKeys:Keys:alpha:Sha256"] = ApiKeyStore.Hash(Key), ["ApiKeys:Keys:alpha:Plan"] = "free",
            ["ApiKeys:Keys:beta:Sha256"] = ApiKeyStore.Hash(Key), ["ApiKeys:Keys:beta:Plan"] = "free",
        });
        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("same key");
    }

    [Fact]
    public void Keys_from_the_keys_file_are_merged_with_configured_ones()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("keys-").FullName, "keys.json");
        File.WriteAllText(file, $$"""{ "Keys": { "beta": { "Sha256": "{{ApiKeyStore.Hash("fa_from-file")}}", "Plan": "free" } } }""");
        using var store = Store(new()
        {
            ["ApiKeys:File"] = file,
            ["ApiKeys:Keys:alpha:Sha256"] = ApiKeyStore.Hash(Key), ["ApiKeys:Keys:alpha:Plan"] = "free",
        });
        store.Count.Should().Be(2);
        store.Find("fa_from-file")!.Id.Should().Be("beta");
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    [Fact]
    public void An_unreadable_keys_file_stops_the_start()
    {
        var start = () => Store(new() { ["ApiKeys:File"] = "/nonexistent/keys.json" });
        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("/nonexistent/keys.json");
    }

    private static ApiKeyStore Store(Dictionary<string, string?> settings, TimeProvider? clock = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var plans = new RateLimitOptions { Plans = new(StringComparer.OrdinalIgnoreCase) { ["free"] = new RatePlan() } };
        return new ApiKeyStore(configuration, new StaticMonitor<RateLimitOptions>(plans), clock ?? TimeProvider.System,
            NullLogger<ApiKeyStore>.Instance);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class StaticMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
