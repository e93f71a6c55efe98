using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Npgsql;

namespace Messaging.Ledger.Writing;

// The writer settles a batch's requests one settler at a time without knowing their types: SettlementRequest<TFact, TResult> hands its
// settler the facts it expects.
/// <param name="Accounts">Every account the settlement's entries may post to, locked with the command's.</param>
public abstract record SettlementRequest(IReadOnlyList<AccountRef> Accounts)
{
    /// <summary>The writer settles the requests of one settler together.</summary>
    internal abstract object Settler { get; }

    /// <summary>All of this one's settler, in order: per request, its entries and its result.</summary>
    internal abstract Task<IReadOnlyList<(IReadOnlyList<EntryDraft> Entries, object? Result)>> SettleAsync(
        NpgsqlConnection connection,
        IReadOnlyList<SettlementRequest> requests,
        CancellationToken cancellationToken
    );
}

public sealed record SettlementRequest<TFact, TResult>(
    ILedgerSettlement<TFact, TResult> Settlement,
    TFact Fact,
    IReadOnlyList<AccountRef> Accounts
) : SettlementRequest(Accounts)
{
    internal override object Settler => Settlement;

    internal override async Task<IReadOnlyList<(IReadOnlyList<EntryDraft> Entries, object? Result)>> SettleAsync(
        NpgsqlConnection connection,
        IReadOnlyList<SettlementRequest> requests,
        CancellationToken cancellationToken
    )
    {
        var settled = await Settlement.SettleAsync(
            connection,
            [.. requests.Cast<SettlementRequest<TFact, TResult>>().Select(r => r.Fact)],
            cancellationToken
        );
        return [.. settled.Select(s => (s.Entries, (object?)s.Result))];
    }
}
