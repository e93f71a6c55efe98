using MassTransit;

namespace Messaging.Processing.Pipeline.Hosting;

internal static class ConsumedContract
{
    public static Type Of<TConsumer>()
        where TConsumer : class, IConsumer =>
        typeof(TConsumer)
            .GetInterfaces()
            .Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
            .GetGenericArguments()[0];
}
