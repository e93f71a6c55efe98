using System.Collections.Concurrent;

namespace Messaging.Benchmarks.Infrastructure;

/// <summary>A monotonic counter whose targets can be awaited; each waiter gets the stopwatch time the target was reached.</summary>
internal sealed class Progress
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<long>> _waiters = new();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add(long n)
    {
        var now = Interlocked.Add(ref _count, n);
        if (_waiters.IsEmpty)
        {
            return;
        }

        var at = Clock.Now;
        foreach (var (target, waiter) in _waiters)
        {
            if (now >= target)
            {
                waiter.TrySetResult(at);
            }
        }
    }

    public Task<long> WhenAtLeastAsync(long target)
    {
        var waiter = _waiters.GetOrAdd(target, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (Count >= target)
        {
            waiter.TrySetResult(Clock.Now);
        }

        return waiter.Task;
    }
}

internal static class TaskTimeouts
{
    /// <summary>Awaits the task, failing with a readable message after <paramref name="limit"/>.</summary>
    public static async Task<T> Within<T>(this Task<T> task, TimeSpan limit, Func<string> what)
    {
        try
        {
            return await task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"timed out after {limit.TotalSeconds:F0}s: {what()}");
        }
    }
}
