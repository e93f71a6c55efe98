namespace Messaging.Testing;

/// <summary>
/// A processor's clock that a test sets (to cross a month boundary, say). Only the time it reads moves: timers and
/// delays keep running on the system's clock, so sweepers and retries go on as usual.
/// </summary>
public sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    private long _ticks = now.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;
}
