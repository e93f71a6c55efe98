using MassTransit;

namespace Messaging.Processing.Pipeline.Hosting;

internal static class ConsumedContract
{
    /// <summary>The message a single-message consumer consumes (its one <see cref="IConsumer{TMessage}"/>).</summary>
    public static Type Of<TConsumer>()
        where TConsumer : class, IConsumer =>
        typeof(TConsumer)
            .GetInterfaces()
            .Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
            .GetGenericArguments()[0];
}
