using Messaging.Contracts.Attendance;
using Messaging.Contracts.Earning;
using Messaging.Contracts.Quotas;
using Messaging.Contracts.Redemption;
using Messaging.Contracts.Tenants;
using Messaging.Operations.Broker;
using Messaging.Operations.Partitions;

namespace Messaging.Operations.DeadLetters;

// What an edit of a dead-lettered message may change, and who may. The fields that make its idempotency key never: an edited copy must
// stay the same business fact, so that the ledger applies at most one of the two. The fields that say how many points move, or whose
// account receives them, only an admin, as applying a conflict's copy needs one: an operator who could edit them could redirect a
// credit. Everything else (a currency code, a reference) an operator may.
public static class EditableFields
{
    private static readonly Dictionary<string, (string[] Key, string[] Value)> ByContract = new(StringComparer.Ordinal)
    {
        [nameof(OrderCompleted)] = (["orderId"], ["userId", "amount"]),
        [nameof(RedeemRequested)] = (["redemptionId"], ["userId", "rewardId", "expectedPoints"]),
        [nameof(RewardIssued)] = (["redemptionId"], []),
        [nameof(RewardIssueFailed)] = (["redemptionId"], []),
        [nameof(MarkRedemptionUsed)] = (["redemptionId"], []),
        [nameof(AllocateToTenant)] = (["allocationId"], ["tenantId", "points"]),
        [nameof(ClawbackFromTenant)] = (["clawbackId"], ["tenantId", "points"]),
        [nameof(GrantRecognition)] = (["recognitionId"], ["tenantId", "giverId", "receiverId", "points"]),
        [nameof(TokensDeductRequested)] = (["usageId"], ["userId", "feature", "amount"]),
        [nameof(EventAttended)] = (["eventId", "userId"], ["pointsReward", "tenantId"]),
    };

    /// <summary>Every contract a consumed queue takes from outside.</summary>
    public static IReadOnlyCollection<string> Contracts => ByContract.Keys;

    /// <exception cref="BrokerProblemException">
    /// Usage for a key field or an unknown contract; Forbidden for a value field without the admin role. The message says what to do
    /// instead.
    /// </exception>
    public static void Check(DeadLetter letter, IEnumerable<string> fields, bool asAdmin)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentNullException.ThrowIfNull(fields);
        var contract = ContractOf(letter);
        if (contract is null || !ByContract.TryGetValue(contract, out var rules))
        {
            throw new BrokerProblemException(
                BrokerProblemKind.Usage,
                $"Message {letter.MessageId} is a {letter.MessageType}, whose fields no edit knows: purge "
                    + "it (with its archive) and have its producer send it again."
            );
        }

        foreach (var field in fields)
        {
            var top = field.Split('.')[0];
            if (rules.Key.Contains(top, StringComparer.Ordinal))
            {
                throw new BrokerProblemException(
                    BrokerProblemKind.Usage,
                    $"'{field}' makes {contract}'s idempotency key ({string.Join(", ", rules.Key)}), so no edit "
                        + "may change it: the copy would be another business fact "
                        + "and could apply beside the original. Purge the message (with its archive) and have its "
                        + "producer send the right one."
                );
            }

            if (!asAdmin && rules.Value.Contains(top, StringComparer.Ordinal))
            {
                throw new BrokerProblemException(
                    BrokerProblemKind.Forbidden,
                    $"'{field}' says how many points {contract} moves or whose account receives them "
                        + $"({string.Join(", ", rules.Value)}): changing it needs the admin role, "
                        + "as applying a conflict's copy does. Ask an admin to edit it (POST "
                        + "/api/v1/dead-letters/{id}/edit with an admin token, or the console signed in as one)."
                );
            }
        }
    }

    private static string? ContractOf(DeadLetter letter)
    {
        if (LedgerPartitions.EndpointOf(letter.SourceQueue)?.SoleContract is { } sole)
        {
            return sole.Name;
        }

        // A queue of several contracts: the type it was published or enveloped as (a URN, a .NET name or a short name).
        var type = letter.MessageType;
        return type[(type.LastIndexOfAny([':', '.']) + 1)..];
    }
}
