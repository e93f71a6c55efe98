using MassTransit;

namespace Messaging.Processing.Pipeline.Hosting;

// Lets BrokerWatchdog tell an endpoint that waits for work from one that stopped taking it.
internal sealed class ReceiveProgress : IReceiveObserver
{
    private long _handled;

    /// <summary>Consumed or faulted, since the process started.</summary>
    public long Handled => Interlocked.Read(ref _handled);

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context)
    {
        Interlocked.Increment(ref _handled);
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        Interlocked.Increment(ref _handled);
        return Task.CompletedTask;
    }
}
