using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Npgsql;

namespace Messaging.Ledger.Writing;

/// <summary>
/// A command's ask to be settled when its primary entry is applied. The writer settles a batch's requests one settler at
/// a time without knowing their types: <see cref="SettlementRequest{TFact,TResult}"/> hands its settler the facts it
/// expects.
/// </summary>
/// <param name="Accounts">Every account the settlement's entries may post to, locked with the command's.</param>
public abstract record SettlementRequest(IReadOnlyList<AccountRef> Accounts)
{
    /// <summary>Who settles it: the writer settles the requests of one settler together.</summary>
    internal abstract object Settler { get; }

    /// <summary>Settles these requests, all of this one's settler, in order: per request, its entries and its result.</summary>
    internal abstract Task<IReadOnlyList<(IReadOnlyList<EntryDraft> Entries, object? Result)>> SettleAsync(
        NpgsqlConnection connection,
        IReadOnlyList<SettlementRequest> requests,
        CancellationToken cancellationToken
    );
}

/// <summary>A command's ask to be settled by <paramref name="Settlement"/>, which gets <paramref name="Fact"/>.</summary>
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
