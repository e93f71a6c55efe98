namespace Messaging.Ledger.Writing;

/// <summary>What a <see cref="LedgerGuard"/> sees: every locked account's available points and every locked limit's usage.</summary>
public sealed class GuardView(IReadOnlyDictionary<string, long> available, IReadOnlyDictionary<string, long> used)
{
    /// <summary>Balance less holds of an account of the command, after the batch's earlier commands.</summary>
    public long Available(string accountCode) => available[accountCode];

    /// <summary>How much of a limit is used, after the batch's earlier commands.</summary>
    public long Used(string limitKey) => used[limitKey];
}
