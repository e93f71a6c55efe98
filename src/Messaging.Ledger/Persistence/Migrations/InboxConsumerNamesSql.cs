namespace Messaging.Ledger.Persistence.Migrations;

// Inbox keys of the per-message endpoints move from their queue's name to the endpoint's stable name, so a queue can be renamed without
// making consumed messages look new. Outbox rows keep naming the consumer whose message produced them.
/// <summary>Stop every processor of the earlier version before migrating.</summary>
public static class InboxConsumerNamesSql
{
    private const string ToStable = """
        CASE {0}
            WHEN 'ledger-redemptions' THEN 'redemption-saga'
            WHEN 'fulfilment-voucher' THEN 'voucher-issue'
            WHEN 'fulfilment-voucher-revocations' THEN 'voucher-revocation'
            WHEN 'ledger-redemption-use' THEN 'redemption-use'
            ELSE {0}
        END
        """;

    private const string ToQueue = """
        CASE {0}
            WHEN 'redemption-saga' THEN 'ledger-redemptions'
            WHEN 'voucher-issue' THEN 'fulfilment-voucher'
            WHEN 'voucher-revocation' THEN 'fulfilment-voucher-revocations'
            WHEN 'redemption-use' THEN 'ledger-redemption-use'
            ELSE {0}
        END
        """;

    public static string Rename => Update(ToStable);

    public static string Restore => Update(ToQueue);

    private static string Update(string mapping) =>
        "UPDATE inbox_state SET consumer_id = "
        + $"{string.Format(System.Globalization.CultureInfo.InvariantCulture, mapping, "consumer_id")};\n"
        + "UPDATE outbox_message SET inbox_consumer_id = "
        + string.Format(System.Globalization.CultureInfo.InvariantCulture, mapping, "inbox_consumer_id")
        + " WHERE inbox_consumer_id IS NOT NULL;\n";
}
