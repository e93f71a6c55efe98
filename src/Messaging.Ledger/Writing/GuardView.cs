namespace Messaging.Ledger.Writing;

/// <summary>Every locked account as the batch's earlier decisions left it, and every locked limit's usage.</summary>
public sealed class GuardView
{
    private readonly IReadOnlyDictionary<string, AccountState> _accounts;
    private readonly IReadOnlyDictionary<string, long> _used;

    internal GuardView(IReadOnlyDictionary<string, AccountState> accounts, IReadOnlyDictionary<string, long> used)
    {
        _accounts = accounts;
        _used = used;
    }

    /// <summary>Balance less holds.</summary>
    public long Available(string accountCode) => _accounts[accountCode].Balance - _accounts[accountCode].Held;

    /// <summary>Everything ever credited (for a token quota month: its limit).</summary>
    public long Credited(string accountCode) => _accounts[accountCode].Credited;

    public long Used(string limitKey) => _used[limitKey];
}
