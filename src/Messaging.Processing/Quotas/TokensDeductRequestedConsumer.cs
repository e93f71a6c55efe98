using MassTransit;
using Messaging.Contracts.Quotas;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Quotas;
using Messaging.Ledger.Writing;
using Messaging.Processing.Pipeline.Transactions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Quotas;

// Deducts from the quota of the month the message is processed in (rolling the month over first on its first use), once per usage id;
// the same usage id asked again gets the same answer.
public sealed partial class TokensDeductRequestedConsumer(
    QuotaLimits limits,
    QuotaQueries queries,
    IOptions<QuotaOptions> options,
    TransactionalLedger ledger,
    TimeProvider clock,
    ILogger<TokensDeductRequestedConsumer> logger
) : IConsumer<TokensDeductRequested>
{
    public async Task Consume(ConsumeContext<TokensDeductRequested> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var use = context.Message;
        var now = clock.GetUtcNow();
        var month = QuotaMonth.Of(now, options.Value.Zone);
        var limit = await limits.LimitOfAsync(use.UserId, context.CancellationToken);
        var command = TokenDeductions.WriteFor(
            new TokenDeductionRequest(use.UsageId, use.UserId, use.Feature, use.Amount, use.Context?.GetRawText(), use.OccurredAt),
            month,
            limit,
            now
        );
        var outcome = await ledger.ApplyAsync(context, command, decided => Answers(use, month, decided));
        if (outcome.Kind == LedgerOutcomeKind.AlreadyApplied)
        {
            // Asked again: the same answer, from the figures recorded on the deduction.
            if (await queries.DeductionAsync(use.UsageId, use.UserId, context.CancellationToken) is { } recorded)
            {
                await ledger.AnswerAgainAsync(
                    context,
                    new TokensDeducted(
                        use.UsageId,
                        use.UserId,
                        use.Feature,
                        use.Amount,
                        recorded.Month,
                        recorded.MonthlyUsed,
                        recorded.MonthlyLimit,
                        recorded.MonthlyRemaining,
                        clock.GetUtcNow()
                    )
                );
            }

            LogAlreadyApplied(use.UsageId, context.MessageId);
        }
        else if (outcome.Kind == LedgerOutcomeKind.Refused)
        {
            LogRejected(use.UsageId, use.UserId, outcome.RefusalCode!);
        }
    }

    private List<object> Answers(TokensDeductRequested use, string month, LedgerOutcome decided)
    {
        var quota = AccountRef.TokenQuota(use.UserId, month).Code;
        var remaining = decided.BalancesAfter.GetValueOrDefault(quota);
        var limit = decided.CreditedAfter.GetValueOrDefault(quota);
        var used = limit - remaining;
        var now = clock.GetUtcNow();
        if (decided.Kind == LedgerOutcomeKind.Refused)
        {
            return
            [
                new TokensDeductRejected(
                    use.UsageId,
                    use.UserId,
                    use.Feature,
                    use.Amount,
                    decided.RefusalCode!,
                    decided.Reason!,
                    month,
                    used,
                    limit,
                    remaining,
                    now
                ),
            ];
        }

        var answers = new List<object>
        {
            new TokensDeducted(use.UsageId, use.UserId, use.Feature, use.Amount, month, used, limit, remaining, now),
        };
        answers.AddRange(
            QuotaThresholds
                .CrossedBy(options.Value.ThresholdPercents, use.Amount, used, limit)
                .Select(percent => new QuotaThresholdReached(use.UserId, month, percent, used, limit, now))
        );
        return answers;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Usage {UsageId} was already deducted; message {MessageId} answered again")]
    private partial void LogAlreadyApplied(string usageId, Guid? messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Usage {UsageId} of {UserId} refused: {Reason}")]
    private partial void LogRejected(string usageId, string userId, string reason);
}
