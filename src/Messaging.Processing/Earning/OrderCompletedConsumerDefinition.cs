using Messaging.Operations.Endpoints;
using Messaging.Processing.Pipeline.Hosting;

namespace Messaging.Processing.Earning;

/// <summary>The endpoint of <see cref="OrderCompletedConsumer"/>.</summary>
public sealed class OrderCompletedConsumerDefinition() : LedgerConsumerDefinition<OrderCompletedConsumer>(LedgerEndpoints.OrderCompleted);
