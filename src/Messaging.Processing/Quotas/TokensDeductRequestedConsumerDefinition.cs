using Messaging.Operations.Endpoints;
using Messaging.Processing.Pipeline.Hosting;

namespace Messaging.Processing.Quotas;

public sealed class TokensDeductRequestedConsumerDefinition()
    : LedgerConsumerDefinition<TokensDeductRequestedConsumer>(LedgerEndpoints.TokensDeductRequested);
