namespace FitnessAssistant.IndexingService.Activation;

/// <summary>The version cannot be activated now (missing, not ready, or not to be made current with the model serving).</summary>
public sealed class ActivationRefusedException(string message) : Exception(message);
