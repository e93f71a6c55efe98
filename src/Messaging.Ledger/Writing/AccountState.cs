namespace Messaging.Ledger.Writing;

// A locked account as the writer tracks it through a batch.
internal sealed class AccountState(long id, long balance, long held, long credited)
{
    public long Id { get; } = id;
    public long Balance { get; private set; } = balance;
    public long Held { get; } = held;

    // total_credited: for a token quota month, its limit.
    public long Credited { get; private set; } = credited;

    public AccountState Copy() => new(Id, Balance, Held, Credited);

    public void Post(long amount)
    {
        Balance += amount;
        if (amount > 0)
        {
            Credited += amount;
        }
    }
}
