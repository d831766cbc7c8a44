namespace FitnessAssistant.ServiceDefaults.Redis;

/// <summary>How one service talks to Redis: which connection string, the name it shows in CLIENT LIST, and its timeouts.</summary>
public sealed record RedisClientSettings(string ConnectionName, string ClientName, TimeSpan ConnectTimeout, TimeSpan OperationTimeout);
