using Messaging.Operations.Endpoints;
using Messaging.Processing.Pipeline.Hosting;

namespace Messaging.Processing.Tenants;

/// <summary>The endpoint of <see cref="GrantRecognitionConsumer"/>.</summary>
public sealed class GrantRecognitionConsumerDefinition()
    : LedgerConsumerDefinition<GrantRecognitionConsumer>(LedgerEndpoints.GrantRecognition);
