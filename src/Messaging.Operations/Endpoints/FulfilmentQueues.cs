namespace Messaging.Operations.Endpoints;

// IssueReward goes to exchange and quorum queue fulfilment-{kind}. The processor serves fulfilment-voucher itself; every other kind
// belongs to an external system.
public static class FulfilmentQueues
{
    public const string Prefix = "fulfilment-";
    public const string VoucherKind = Ledger.Fulfilment.Vouchers.Kind;
    public const string VoucherQueue = Prefix + VoucherKind;

    public static string For(string fulfilmentKind) => Prefix + fulfilmentKind;

    public static Uri AddressFor(string fulfilmentKind) => new($"exchange:{For(fulfilmentKind)}");

    public static bool IsExternal(string? destination) =>
        destination is not null
        && destination.StartsWith(Prefix, StringComparison.Ordinal)
        && !string.Equals(destination, VoucherQueue, StringComparison.Ordinal);
}
