using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Earning;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Operations;
using Messaging.Ledger.Tenants;
using Messaging.Ledger.Writing;
using Npgsql;

namespace Messaging.Ledger.Corrections;

// Reverses a journal entry the way an accountant does (seed 002's "create a corrective entry"): a new entry, reversal:{key}, with the
// original's postings negated, so history is never edited. Written by the same LedgerBatchWriter as everything else, under the locks of
// its accounts, and refused when it would take an account that may not go negative below what it has available (balance less holds).
// Once per entry, whatever the reason given; the operator log records every attempt in the same transaction.
public sealed class EntryReversal(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const string KeyPrefix = "reversal:";

    private const string EntrySql = """
        SELECT e.entry_type, e.metadata::text AS metadata, a.code, a.kind, a.owner_id, a.allow_negative, a.tenant_id, p.amount
        FROM journal_entries e
        JOIN postings p ON p.journal_entry_id = e.id
        JOIN accounts a ON a.id = p.account_id
        WHERE e.idempotency_key = @key
        ORDER BY p.id
        """;

    public async Task<ReversalOutcome> ReverseAsync(string key, string reason, string operatorName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await ReverseWithinAsync(connection, key, reason, operatorName, cancellationToken);
        await OperatorActionLog.RecordAsync(
            connection,
            operatorName,
            "reverse",
            JsonSerializer.Serialize(new { key, reason }),
            result.Message,
            cancellationToken
        );
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    // Inside the caller's transaction (a conflict resolution writes it with the entry that replaces the reversed one): the caller records
    // it and commits, or rolls back when it was not Reversed.
    internal async Task<ReversalOutcome> ReverseWithinAsync(
        NpgsqlConnection connection,
        string key,
        string reason,
        string operatorName,
        CancellationToken cancellationToken
    )
    {
        var reversalKey = KeyPrefix + key;
        var (entryType, metadataJson, postings) = await ReadAsync(connection, key, cancellationToken);
        if (postings.Count == 0)
        {
            return new ReversalOutcome(
                ReversalOutcomeKind.NotFound,
                key,
                reversalKey,
                $"No journal entry has the key '{key}' (keys are case-sensitive; `history USER` and `entry KEY` show them)."
            );
        }

        if (ReversalRules.RefusalFor(entryType!, key) is { } refusal)
        {
            return new ReversalOutcome(ReversalOutcomeKind.Refused, key, reversalKey, refusal);
        }

        var metadata = JsonSerializer.Serialize(
            new
            {
                Reverses = key,
                Reason = reason,
                RequestedBy = operatorName,
            }
        );
        var draft = new EntryDraft(
            reversalKey,
            EntryTypes.Reversal,
            $"Reversal of {key}: {reason}",
            PayloadHash.Of(reversalKey),
            clock.GetUtcNow(),
            [.. postings.Select(p => new PostingDraft(p.Account, -p.Amount))],
            metadata
        );
        // The usage rows the entry drew on when it was applied (an earning cap's day and month, a giver's allowance) get its points back.
        var usage = UsageRowsOf(metadataJson!);
        var credited = postings.Where(p => p.Amount > 0).Sum(p => p.Amount);
        var guard = new LedgerGuard(usage, view =>
        {
            foreach (var posting in draft.Postings.Where(p => p.Amount < 0 && !p.Account.AllowNegative))
            {
                if (view.Available(posting.Account.Code) + posting.Amount < 0)
                {
                    return GuardDecision.Refuse(
                        "insufficient_balance",
                        $"Reversing '{key}' would take {-posting.Amount} from {posting.Account.Code}, which has "
                            + $"{view.Available(posting.Account.Code)} available "
                            + "(balance less holds): it may not go below zero. Nothing was changed. Correct the accounts "
                            + "that received the points first, or record a smaller adjustment."
                    );
                }
            }

            return GuardDecision.Apply(draft, usage.Select(k => new LimitDraw(k, -Math.Min(credited, view.Used(k)))).ToList());
        });

        var outcome = (await new LedgerBatchWriter().ApplyAsync(connection, [new LedgerWrite(draft, [], Guard: guard)], cancellationToken))[
            0
        ];
        return outcome.Kind switch
        {
            LedgerOutcomeKind.Applied => new ReversalOutcome(ReversalOutcomeKind.Reversed, key, reversalKey, $"reversed by {reversalKey}"),
            LedgerOutcomeKind.Refused => new ReversalOutcome(ReversalOutcomeKind.Refused, key, reversalKey, outcome.Reason!),
            _ => new ReversalOutcome(
                ReversalOutcomeKind.AlreadyReversed,
                key,
                reversalKey,
                $"'{key}' was reversed before, by {reversalKey}; nothing more was written."
            ),
        };
    }

    private static List<string> UsageRowsOf(string metadataJson) =>
        [
            .. EarningCaps
                .KeysIn(metadataJson)
                .Append(JsonNode.Parse(metadataJson)?[GivingAllowance.MetadataField]?.GetValue<string>())
                .OfType<string>(),
        ];

    private static async Task<(string? EntryType, string? Metadata, List<(AccountRef Account, long Amount)> Postings)> ReadAsync(
        NpgsqlConnection connection,
        string key,
        CancellationToken cancellationToken
    )
    {
        var rows = (
            await connection.QueryAsync<PostingRow>(new CommandDefinition(EntrySql, new { key }, cancellationToken: cancellationToken))
        ).AsList();
        var postings = rows.Select(r => (new AccountRef(r.Code, r.Kind, r.OwnerId, r.AllowNegative) { TenantId = r.TenantId }, r.Amount))
            .ToList();
        return (rows.Count == 0 ? null : rows[^1].EntryType, rows.Count == 0 ? null : rows[^1].Metadata, postings);
    }

    private sealed record PostingRow(
        string EntryType,
        string Metadata,
        string Code,
        string Kind,
        string? OwnerId,
        bool AllowNegative,
        string TenantId,
        long Amount
    );
}
