namespace FitnessAssistant.Gateway.RateLimiting;

/// <summary>
/// The shared sliding window as one atomic Redis script: a sorted set per partition holds the admission times of the
/// last window. A request is admitted only if every partition it belongs to has room, and then recorded in all of
/// them, so a rejected request never uses up quota. Time comes from the Redis server, so gateways with skewed clocks
/// still agree.
/// KEYS: one sorted set per partition. ARGV[1]: a unique member for this request; then limit and window (ms) per key.
/// Returns {1, 0, 0} when admitted, {0, retry-after ms, index of the limiting key (1-based)} when not.
/// </summary>
public static class SlidingWindowScript
{
    public const string Source = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local retry, limitedBy = 0, 0
        for i, key in ipairs(KEYS) do
          local limit = tonumber(ARGV[2 * i])
          local window = tonumber(ARGV[2 * i + 1])
          redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
          if redis.call('ZCARD', key) >= limit then
            local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
            local wait = math.max(tonumber(oldest[2]) + window - now, 1)
            if wait > retry then retry, limitedBy = wait, i end
          end
        end
        if retry > 0 then return {0, retry, limitedBy} end
        for i, key in ipairs(KEYS) do
          redis.call('ZADD', key, now, ARGV[1])
          redis.call('PEXPIRE', key, tonumber(ARGV[2 * i + 1]))
        end
        return {1, 0, 0}
        """;
}
