namespace Messaging.Testing;

/// <summary>
/// Orders published through a <see cref="ConfirmingProducer"/> in the background, about 1,000 a second (the processor
/// keeps up, so a fault lands on deliveries in flight), and never past a limit the test moves: a fault test lets the
/// producer run a little ahead of the fault it is about to inject, so the fault lands while orders are being published
/// and applied. Order i is <c>{prefix}{i}</c> for user <c>u-{i % 50}</c>, worth 25 points.
/// </summary>
public sealed class PacedOrders
{
    private readonly ConfirmingProducer _producer;
    private readonly string _prefix;
    private readonly int _count;
    private int _confirmed;
    private int _limit;

    private PacedOrders(ConfirmingProducer producer, string prefix, int count, int limit)
    {
        _producer = producer;
        _prefix = prefix;
        _count = count;
        _limit = limit;
        Completion = Task.Run(PublishAsync);
    }

    /// <summary>Completes once every order is confirmed.</summary>
    public Task Completion { get; }

    public int Confirmed => Volatile.Read(ref _confirmed);

    /// <summary>Starts publishing orders 0 to <paramref name="count"/> - 1, the first <paramref name="limit"/> of them at once.</summary>
    public static PacedOrders Start(ConfirmingProducer producer, string prefix, int count, int limit) =>
        new(producer, prefix, count, limit);

    /// <summary>Lets the producer go on up to order <paramref name="limit"/> (exclusive).</summary>
    public void AllowUpTo(int limit) => Volatile.Write(ref _limit, Math.Min(limit, _count));

    public Task ConfirmedAsync(int count, TimeSpan timeout) =>
        Eventually.HoldsAsync(() => Task.FromResult(Confirmed >= count), timeout, $"{count} orders confirmed");

    private async Task PublishAsync()
    {
        for (var i = 0; i < _count; i++)
        {
            while (i >= Volatile.Read(ref _limit))
            {
                await Task.Delay(10);
            }

            await _producer.PublishJsonAsync(Orders.Exchange, Orders.Json($"{_prefix}{i}", $"u-{i % 50}", 25m), Guid.NewGuid());
            Interlocked.Increment(ref _confirmed);
            if (i % 200 == 199)
            {
                await Task.Delay(200);
            }
        }
    }
}
