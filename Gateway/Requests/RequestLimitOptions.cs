using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.Gateway.Requests;

/// <summary>
/// Size limits checked by the gateway itself (answered as problem details). Kestrel's own limits are set above them
/// (<see cref="HardLimitFactor"/>) as a backstop; a request beyond those gets Kestrel's bare status code.
/// </summary>
public sealed class RequestLimitOptions
{
    public const string Section = "RequestLimits";
    public const int HardLimitFactor = 2;

    [Range(1, 100 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    [Range(1024, 1024 * 1024)]
    public int MaxHeaderBytes { get; set; } = 16 * 1024;

    [Range(16, 64 * 1024)]
    public int MaxUrlLength { get; set; } = 4096;

    [Range(0, 64 * 1024)]
    public int MaxQueryStringLength { get; set; } = 2048;
}
