namespace Messaging.Operations.Endpoints;

/// <summary>
/// Where <c>IssueReward</c> goes: exchange and quorum queue <c>fulfilment-{kind}</c>. The processor serves
/// <c>fulfilment-voucher</c> itself; every other kind belongs to an external system.
/// </summary>
public static class FulfilmentQueues
{
    public const string Prefix = "fulfilment-";
    public const string VoucherKind = "voucher";
    public const string VoucherQueue = Prefix + VoucherKind;

    public static string For(string fulfilmentKind) => Prefix + fulfilmentKind;

    public static Uri AddressFor(string fulfilmentKind) => new($"exchange:{For(fulfilmentKind)}");

    /// <summary>True for a fulfilment queue that the processor does not consume itself.</summary>
    public static bool IsExternal(string? destination) =>
        destination is not null
        && destination.StartsWith(Prefix, StringComparison.Ordinal)
        && !string.Equals(destination, VoucherQueue, StringComparison.Ordinal);
}
