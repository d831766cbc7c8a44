using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.ServiceDefaults;

public static class OptionsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to a configuration section and validates its data annotations when the
    /// host starts, so a misconfigured service refuses to start with a message naming the bad setting.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, string section)
        where TOptions : class
        => services.AddOptions<TOptions>()
            .BindConfiguration(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
}
