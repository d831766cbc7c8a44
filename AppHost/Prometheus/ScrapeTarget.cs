namespace FitnessAssistant.AppHost.Prometheus;

/// <summary>One address Prometheus scrapes (<c>host:port</c>, path /metrics) in a job, with labels for the alert rules.</summary>
public sealed record ScrapeTarget(string Job, string Address, IReadOnlyDictionary<string, string> Labels);
