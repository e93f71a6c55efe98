using MassTransit;
using Messaging.Contracts.Tenants;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Tenants;
using Messaging.Ledger.Writing;
using Messaging.Processing.Pipeline.Transactions;
using Microsoft.Extensions.Logging;

namespace Messaging.Processing.Tenants;

public sealed partial class GrantRecognitionConsumer(
    RegisteredTenants tenants,
    TransactionalLedger ledger,
    TimeProvider clock,
    ILogger<GrantRecognitionConsumer> logger
) : IConsumer<GrantRecognition>
{
    public async Task Consume(ConsumeContext<GrantRecognition> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var grant = context.Message;
        var tenant = await tenants.RequireAsync(grant.TenantId, nameof(GrantRecognition), context.CancellationToken);
        var command = Recognitions.WriteFor(
            new RecognitionRequest(
                grant.RecognitionId,
                grant.TenantId,
                grant.GiverId,
                grant.ReceiverId,
                grant.Points,
                grant.Message,
                grant.OccurredAt
            ),
            tenant
        );
        var outcome = await ledger.ApplyAsync(context, command, decided => OutcomeFor(grant, decided));
        switch (outcome.Kind)
        {
            case LedgerOutcomeKind.AlreadyApplied:
                LogAlreadyApplied(grant.RecognitionId, context.MessageId);
                break;
            case LedgerOutcomeKind.Refused:
                LogRejected(grant.RecognitionId, grant.TenantId, outcome.RefusalCode!);
                break;
            default:
                LogGranted(grant.RecognitionId, grant.TenantId, grant.GiverId, grant.ReceiverId, grant.Points);
                break;
        }
    }

    private object OutcomeFor(GrantRecognition grant, LedgerOutcome decided) =>
        decided.Kind == LedgerOutcomeKind.Refused
            ? new RecognitionRejected(
                grant.RecognitionId,
                grant.TenantId,
                grant.GiverId,
                grant.ReceiverId,
                grant.Points,
                decided.RefusalCode!,
                decided.Reason!,
                clock.GetUtcNow()
            )
            : new RecognitionGranted(
                grant.RecognitionId,
                grant.TenantId,
                grant.GiverId,
                grant.ReceiverId,
                grant.Points,
                decided.BalancesAfter[AccountRef.TenantPool(grant.TenantId).Code],
                decided.BalancesAfter[AccountRef.UserWallet(grant.ReceiverId).Code],
                clock.GetUtcNow()
            );

    [LoggerMessage(
        Level = LogLevel.Debug,
        Message = "Recognition {RecognitionId} was already applied; message {MessageId} acknowledged without effect"
    )]
    private partial void LogAlreadyApplied(string recognitionId, Guid? messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recognition {RecognitionId} in tenant {TenantId} refused: {Reason}")]
    private partial void LogRejected(string recognitionId, string tenantId, string reason);

    [LoggerMessage(
        Level = LogLevel.Debug,
        Message = "Recognition {RecognitionId} in tenant {TenantId}: {Points} points from {GiverId} to {ReceiverId}"
    )]
    private partial void LogGranted(string recognitionId, string tenantId, string giverId, string receiverId, long points);
}
