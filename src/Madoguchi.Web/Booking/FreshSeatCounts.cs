using System.Collections.Concurrent;

namespace Madoguchi.Web.Booking;

/// <summary>
/// Rendered free-seat answers, kept one second per place and range (see
/// docs/decisions/0007-availability-cache.md). A hold, booking or cancel made through this process
/// forgets the place's answers at once; other processes' changes show within the second.
/// </summary>
public sealed class FreshSeatCounts
{
    private const long Milliseconds = 1000;
    private readonly ConcurrentDictionary<(int Place, DateOnly From, DateOnly To, DateOnly WindowStart), (long At, byte[] Json)> _answers = new();

    public async Task<byte[]> GetAsync(int place, DateOnly from, DateOnly to, DateOnly windowStart, Func<Task<byte[]>> render)
    {
        var key = (place, from, to, windowStart);
        if (_answers.TryGetValue(key, out var cached) && Environment.TickCount64 - cached.At <= Milliseconds)
        {
            return cached.Json;
        }

        var json = await render();
        _answers[key] = (Environment.TickCount64, json);
        return json;
    }

    public void Forget(int place)
    {
        foreach (var key in _answers.Keys.Where(k => k.Place == place))
        {
            _answers.TryRemove(key, out _);
        }
    }

    public void ForgetAll() => _answers.Clear();
}
