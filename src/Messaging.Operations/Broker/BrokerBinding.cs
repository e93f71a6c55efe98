namespace Messaging.Operations.Broker;

public sealed record BrokerBinding(string Exchange, string RoutingKey, IReadOnlyDictionary<string, object?> Arguments);
