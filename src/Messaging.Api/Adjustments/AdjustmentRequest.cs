namespace Messaging.Api.Adjustments;

/// <param name="Points">Signed: positive credits the wallet, negative debits it.</param>
/// <param name="Reason">Kept on the entry and in the operator log.</param>
public sealed record AdjustmentRequest(long Points, string? Reason);
