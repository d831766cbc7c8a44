namespace FitnessAssistant.ServiceDefaults.Authentication;

/// <summary>An authentication failure whose message is safe to show the client (it names no secret).</summary>
public sealed class CredentialRejectedException(string message) : Exception(message);
