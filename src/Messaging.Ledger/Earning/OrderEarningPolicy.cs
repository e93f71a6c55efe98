using System.Globalization;
using System.Text.Json;
using Messaging.Contracts;
using Messaging.Contracts.Earning;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;

namespace Messaging.Ledger.Earning;

// Pure: no I/O, so every rule is unit-tested without servers.
public sealed class OrderEarningPolicy(EarningOptions options)
{
    private const int MaxIdLength = 100;

    private readonly EarningCaps _caps = new(options.Caps);

    /// <returns>Null when the order earns no points (nothing to record).</returns>
    /// <exception cref="MessageRejectedException">The order can never be applied as it is.</exception>
    public LedgerWrite? Plan(OrderCompleted order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var points = Validate(order);
        if (points == 0)
        {
            return null;
        }

        var wallet = AccountRef.UserWallet(order.UserId);
        var hash = PayloadHash.Of(
            order.UserId,
            order.Amount.ToString("0.############", CultureInfo.InvariantCulture),
            order.Currency.ToUpperInvariant(),
            order.TenantId
        );
        var metadata = JsonSerializer.Serialize(
            new
            {
                order.OrderId,
                order.Amount,
                Currency = order.Currency.ToUpperInvariant(),
                order.TenantId,
            }
        );
        var earned = EntryDraft.Transfer(
            $"order:{order.OrderId}",
            EntryTypes.OrderEarned,
            $"Points for order {order.OrderId}",
            hash,
            order.OccurredAt,
            AccountRef.IssuanceOf(Issuers.Orders),
            wallet,
            points,
            metadata
        );

        var bonuses = new List<EntryDraft>();
        if (options.SignupBonus > 0)
        {
            bonuses.Add(
                EntryDraft.Transfer(
                    $"signup:{order.UserId}",
                    EntryTypes.SignupBonus,
                    "Signup bonus",
                    PayloadHash.Of(order.UserId),
                    order.OccurredAt,
                    AccountRef.IssuanceOf(Issuers.Orders),
                    wallet,
                    options.SignupBonus,
                    metadata
                )
            );
        }

        if (options.FirstOrderBonus > 0)
        {
            bonuses.Add(
                EntryDraft.Transfer(
                    $"first-order:{order.UserId}",
                    EntryTypes.FirstOrderBonus,
                    $"First order bonus (order {order.OrderId})",
                    PayloadHash.Of(order.UserId),
                    order.OccurredAt,
                    AccountRef.IssuanceOf(Issuers.Orders),
                    wallet,
                    options.FirstOrderBonus,
                    metadata
                )
            );
        }

        return new LedgerWrite(earned, bonuses, Guard: _caps.GuardFor(earned, order.UserId));
    }

    private long Validate(OrderCompleted order)
    {
        var problems = new List<string>();
        RequireId(problems, "orderId", order.OrderId);
        RequireId(problems, "userId", order.UserId);
        if (order.OccurredAt == default)
        {
            problems.Add("occurredAt is required (ISO 8601 with offset, e.g. 2026-11-21T10:00:00Z)");
        }

        if (order.Amount < 0)
        {
            problems.Add($"amount {order.Amount.ToString(CultureInfo.InvariantCulture)} is negative; an order amount must be zero or more");
        }

        decimal rate = 0;
        if (string.IsNullOrWhiteSpace(order.Currency))
        {
            problems.Add("currency is required (ISO 4217 code, e.g. USD)");
        }
        else if (!options.PointsPerUnit.TryGetValue(order.Currency, out rate))
        {
            problems.Add(
                $"currency '{order.Currency}' is not configured; accepted: "
                    + $"{string.Join(", ", options.PointsPerUnit.Keys.Order())} (add it under "
                    + "Earning:PointsPerUnit)"
            );
        }

        long points = 0;
        if (problems.Count == 0)
        {
            var exact = order.Amount * rate;
            if (exact > options.MaxPointsPerTransaction)
            {
                problems.Add(
                    $"the order would earn {decimal.Floor(exact).ToString(CultureInfo.InvariantCulture)} "
                        + $"points, above the per-transaction cap of {options.MaxPointsPerTransaction} "
                        + "(Earning:MaxPointsPerTransaction)"
                );
            }
            else
            {
                points = (long)decimal.Floor(exact);
            }
        }

        return problems.Count == 0
            ? points
            : throw new MessageRejectedException(
                "validation",
                $"OrderCompleted '{order.OrderId}' refused: {string.Join("; ", problems)}. The ledger is unchanged."
            );
    }

    private static void RequireId(List<string> problems, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{field} is required");
        }
        else if (value.Length > MaxIdLength)
        {
            problems.Add($"{field} is longer than {MaxIdLength} characters");
        }
    }
}
