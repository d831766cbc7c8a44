using FitnessAssistant.EmbeddingService.Models;

namespace FitnessAssistant.EmbeddingService.Encoder;

/// <summary>
/// The models this service serves (<see cref="EmbeddingOptions.Models"/>), each opened once from its prepared files:
/// every index version keeps the model it was built with, so a re-index for another model and searches on the
/// active version's model both need theirs served side by side.
/// </summary>
public sealed class ServedModels : IDisposable
{
    private readonly IReadOnlyList<SentenceEncoder> _encoders;

    public ServedModels(IReadOnlyList<SentenceEncoder> encoders, SentenceEncoder defaultModel)
    {
        _encoders = encoders;
        Default = defaultModel;
    }

    /// <summary>The model a caller that names none gets.</summary>
    public SentenceEncoder Default { get; }

    public IReadOnlyList<SentenceEncoder> All => _encoders;

    public static ServedModels Open(EmbeddingOptions options, SentenceEncoderOptions encoderOptions)
    {
        var store = new ModelStore(options.ModelsDirectory);
        var opened = new List<SentenceEncoder>();
        try
        {
            foreach (var (id, version) in options.ServedModelKeys())
            {
                opened.Add(SentenceEncoder.Open(store.Open(id, version), encoderOptions));
            }
            var defaultModel = opened.Single(encoder => encoder.Model.Id == options.ModelId && encoder.Model.Version == options.ModelVersion);
            return new ServedModels(opened, defaultModel);
        }
        catch
        {
            opened.ForEach(encoder => encoder.Dispose());
            throw;
        }
    }

    /// <summary>The served model with this id (and version, when given); the default when neither is given.</summary>
    public SentenceEncoder? Find(string id, string version)
        => id.Length == 0 && version.Length == 0
            ? Default
            : _encoders.FirstOrDefault(encoder => (id.Length == 0 ? encoder == Default : encoder.Model.Id == id)
                && (version.Length == 0 || encoder.Model.Version == version));

    public void Dispose()
    {
        foreach (var encoder in _encoders)
        {
            encoder.Dispose();
        }
    }
}
