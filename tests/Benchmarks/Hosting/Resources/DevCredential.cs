namespace FitnessAssistant.Hosting.Resources;

/// <summary>A credential for local development (dev API key, admin token), shown by the AppHost and its dashboard.</summary>
public sealed record DevCredential(string Label, string Value);
