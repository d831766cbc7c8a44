using System.Diagnostics;
using FitnessAssistant.EmbeddingService.Models;

namespace FitnessAssistant.ModelPreparation;

/// <summary>
/// <c>dotnet run --project tools/ModelPreparation</c>: prepares every model of the catalog that is not prepared yet,
/// into <c>$FA_HOME/models</c>. Run by eng/test.sh and eng/run.sh after the prerequisites; a second run only verifies
/// checksums. Exit code 0 when every model is ready.
/// </summary>
public static class PrepareModelCommand
{
    public const string Name = "prepare-model";

    public static int Run(string[] args)
    {
        if (args.Length > 0)
        {
            Console.Error.WriteLine($"usage: ModelPreparation   (models go to $FA_HOME/models; FA_HOME={FitnessAssistantHome.Root})");
            return 2;
        }
        var clock = Stopwatch.StartNew();
        void Report(string message) => Console.WriteLine($"[{Name}] {clock.Elapsed.TotalSeconds,6:0.0}s {message}");
        try
        {
            var preparer = new ModelPreparer(FitnessAssistantHome.NpmModules, new ModelStore(FitnessAssistantHome.Models));
            foreach (var definition in ModelCatalog.All)
            {
                var model = preparer.Prepare(definition, Report);
                Report($"{definition.Id} {definition.Version}: ready, {PreparedModel.ModelFileName} sha256 {model.Manifest.File(PreparedModel.ModelFileName).Sha256}");
            }
            return 0;
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or NotSupportedException or ConversionException or UnauthorizedAccessException)
        {
            Report($"failed: {exception.Message}");
            return 1;
        }
    }
}
