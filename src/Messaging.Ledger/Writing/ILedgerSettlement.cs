using Npgsql;

namespace Messaging.Ledger.Writing;

/// <summary>
/// Work that follows from what a batch applied and depends on more of the ledger than balances (a user's streaks and badges follow from
/// every attendance they ever had). The writer calls it once per batch, inside the batch's transaction and under the locks of the
/// commands' accounts, with the facts of the applied commands that carry it, in delivery order. It keeps its own state through the
/// connection it is given and returns, per fact, the entries to write (each once per key) and a result for the command's outcome.
/// </summary>
public interface ILedgerSettlement<TFact, TResult>
{
    Task<IReadOnlyList<Settled<TResult>>> SettleAsync(
        NpgsqlConnection connection,
        IReadOnlyList<TFact> facts,
        CancellationToken cancellationToken
    );
}
