namespace Messaging.Ledger.Operations;

/// <summary>An account whose cached held points differ from the sum of its active holds.</summary>
public sealed record HeldCorrection(string Account, long CachedHeld, long ActiveHolds);
