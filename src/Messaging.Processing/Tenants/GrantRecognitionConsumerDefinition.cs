using Messaging.Operations.Endpoints;
using Messaging.Processing.Pipeline.Hosting;

namespace Messaging.Processing.Tenants;

public sealed class GrantRecognitionConsumerDefinition()
    : LedgerConsumerDefinition<GrantRecognitionConsumer>(LedgerEndpoints.GrantRecognition);
