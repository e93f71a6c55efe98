using Messaging.Operations.Endpoints;
using Messaging.Processing.Pipeline.Hosting;

namespace Messaging.Processing.Quotas;

/// <summary>The endpoint of <see cref="TokensDeductRequestedConsumer"/>.</summary>
public sealed class TokensDeductRequestedConsumerDefinition()
    : LedgerConsumerDefinition<TokensDeductRequestedConsumer>(LedgerEndpoints.TokensDeductRequested);
