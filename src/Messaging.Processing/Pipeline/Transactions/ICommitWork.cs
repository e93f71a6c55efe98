using Npgsql;

namespace Messaging.Processing.Pipeline.Transactions;

// One kind of work the group commit carries (ledger writes, redemption requests): applies a batch of its own items in the commit's
// transaction and records each item's decision. A batch holds one kind of work only.
internal interface ICommitWork
{
    Task ApplyAsync(
        NpgsqlConnection connection,
        IReadOnlyList<(int Index, CommitWorkItem Item)> items,
        CommitDecisions decisions,
        CancellationToken cancellationToken
    );
}
