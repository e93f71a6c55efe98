using Messaging.Operations.Endpoints;
using Messaging.Processing.Pipeline.Hosting;

namespace Messaging.Processing.Earning;

public sealed class OrderCompletedConsumerDefinition() : LedgerConsumerDefinition<OrderCompletedConsumer>(LedgerEndpoints.OrderCompleted);
