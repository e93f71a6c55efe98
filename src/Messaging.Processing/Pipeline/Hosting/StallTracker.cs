namespace Messaging.Processing.Pipeline.Hosting;

internal sealed class StallTracker
{
    private readonly Dictionary<string, DateTime> _withoutConsumerSince = new(StringComparer.Ordinal);
    private long _lastHandled = -1;
    private DateTime? _idleSince;

    /// <summary>Call when the queue has no consumer now; returns for how long so far.</summary>
    public TimeSpan WithoutConsumerFor(string queue)
    {
        if (!_withoutConsumerSince.TryGetValue(queue, out var since))
        {
            _withoutConsumerSince[queue] = since = DateTime.UtcNow;
        }

        return DateTime.UtcNow - since;
    }

    public void Consumed(string queue) => _withoutConsumerSince.Remove(queue);

    /// <summary>
    /// For how long messages have waited while the count of finished messages stayed at <paramref name="handled"/>; zero when nothing
    /// waits or something was finished since the last check.
    /// </summary>
    public TimeSpan IdleWhileWaitingFor(long handled, bool messagesWaiting)
    {
        if (!messagesWaiting || handled != _lastHandled)
        {
            _lastHandled = handled;
            _idleSince = null;
            return TimeSpan.Zero;
        }

        _idleSince ??= DateTime.UtcNow;
        return DateTime.UtcNow - _idleSince.Value;
    }
}
