using System.Globalization;

namespace Messaging.Testing;

/// <summary>OrderCompleted as a non-.NET producer writes it: plain camelCase JSON.</summary>
public static class Orders
{
    public const string Exchange = "order-completed";
    public const string Queue = "ledger-order-completed";
    public const string ErrorQueue = "ledger-order-completed_error";

    public static string Json(
        string orderId,
        string userId,
        decimal amount,
        string currency = "USD",
        string occurredAt = "2026-11-21T10:00:00+00:00"
    ) =>
        $$"""{"orderId":"{{orderId}}","userId":"{{userId}}","amount":"""
        + $$"""{{amount.ToString(CultureInfo.InvariantCulture)}},"currency":"{{currency}}","occurredAt":"{{occurredAt}}"}""";
}
