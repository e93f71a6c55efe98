namespace Messaging.Ledger.Operations;

public sealed record HeldCorrection(string Account, long CachedHeld, long ActiveHolds);
