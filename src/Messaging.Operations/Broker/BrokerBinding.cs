namespace Messaging.Operations.Broker;

/// <summary>One binding of a queue to an exchange, as the management API reports it.</summary>
public sealed record BrokerBinding(string Exchange, string RoutingKey, IReadOnlyDictionary<string, object?> Arguments);
