using System.Globalization;
using Dapper;
using Messaging.Ledger.Auditing;
using Npgsql;

namespace Messaging.Ledger.Chain;

// Verifies the hash chain from the rows, recomputing every link with the same view that made it (ledger_chain_digests): an entry, a
// posting or a link changed behind the triggers' back, an entry written with them disabled, or a link removed shows as the first link
// that does not match. A chain cut short still verifies (its head is simply earlier), which is why checkpoints kept elsewhere are
// compared: a checkpoint beyond the head, or one whose hash differs, means history was cut or rewritten.
public sealed class JournalChain(NpgsqlDataSource dataSource)
{
    private const string HeadSql = """
        SELECT sequence, journal_entry_id AS JournalEntryId, encode(hash, 'hex') AS hash FROM journal_chain ORDER BY sequence DESC LIMIT 1
        """;

    // The first break of each kind, with how many there are of that kind.
    private const string BreaksSql = """
        WITH links AS (
            SELECT c.sequence, c.journal_entry_id, c.hash,
                   lag(c.hash, 1, decode(repeat('00', 32), 'hex')) OVER (ORDER BY c.sequence) AS previous,
                   lag(c.sequence, 1, 0::bigint) OVER (ORDER BY c.sequence) AS previous_sequence
            FROM journal_chain c),
        breaks AS (
            SELECT l.sequence, l.journal_entry_id, j.idempotency_key, l.previous_sequence, encode(l.hash, 'hex') AS stored,
                   CASE WHEN l.previous_sequence <> l.sequence - 1 THEN 'chain_sequence'
                        WHEN e.id IS NULL THEN 'chain_entry_missing'
                        WHEN l.hash <> sha256(l.previous || e.digest) THEN 'chain_link' END AS kind
            FROM links l
            LEFT JOIN ledger_chain_digests e ON e.id = l.journal_entry_id
            LEFT JOIN journal_entries j ON j.id = l.journal_entry_id)
        SELECT DISTINCT ON (kind) kind, sequence, journal_entry_id AS JournalEntryId, idempotency_key AS IdempotencyKey,
               previous_sequence AS PreviousSequence, stored, count(*) OVER (PARTITION BY kind) AS total
        FROM breaks WHERE kind IS NOT NULL ORDER BY kind, sequence
        """;

    private const string UnlinkedSql = """
        SELECT min(e.id) AS JournalEntryId, (array_agg(e.idempotency_key ORDER BY e.id))[1] AS IdempotencyKey, count(*) AS total
        FROM journal_entries e WHERE NOT EXISTS (SELECT 1 FROM journal_chain c WHERE c.journal_entry_id = e.id)
        HAVING count(*) > 0
        """;

    private const string RecordedSql = """
        SELECT sequence, encode(hash, 'hex') AS hash FROM ledger_checkpoints ORDER BY day
        """;

    private const string LinksSql = """
        SELECT sequence, journal_entry_id AS JournalEntryId, encode(hash, 'hex') AS hash FROM journal_chain WHERE sequence = ANY(@sequences)
        """;

    /// <summary>The newest link, or none while the journal is empty.</summary>
    public async Task<ChainLink?> HeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ChainLink>(new CommandDefinition(HeadSql, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Recomputes every link and compares each checkpoint, given or recorded in ledger_checkpoints, with the link at its sequence.
    /// </summary>
    public async Task<ChainVerification> VerifyAsync(IReadOnlyList<ChainCheckpoint> checkpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);

        // One snapshot, so links committed while it reads are either all seen or not at all.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var head = await connection.QuerySingleOrDefaultAsync<ChainLink>(
            new CommandDefinition(HeadSql, transaction: transaction, cancellationToken: cancellationToken)
        );
        var findings = new List<AuditFinding>();
        foreach (
            var found in await connection.QueryAsync<Break>(
                new CommandDefinition(BreaksSql, transaction: transaction, cancellationToken: cancellationToken)
            )
        )
        {
            findings.Add(Describe(found));
        }

        var unlinked = await connection.QuerySingleOrDefaultAsync<Unlinked>(
            new CommandDefinition(UnlinkedSql, transaction: transaction, cancellationToken: cancellationToken)
        );
        if (unlinked is not null)
        {
            findings.Add(
                new AuditFinding(
                    "chain_unlinked",
                    $"entry {unlinked.IdempotencyKey}",
                    Count(unlinked.Total, "entry has", "entries have")
                        + " no link in the hash chain (the first is entry id "
                        + $"{unlinked.JournalEntryId}): written with the ledger's triggers disabled, or its link was removed",
                    "find who wrote it as the schema's owner (operator_actions, the database log); compare the journal with the last "
                        + "signed backup (`backup verify`)"
                )
            );
        }

        // The checkpoints the processor announced are compared too: cutting the tail then means deleting them as well.
        var recorded = await connection.QueryAsync<ChainCheckpoint>(
            new CommandDefinition(RecordedSql, transaction: transaction, cancellationToken: cancellationToken)
        );
        var compared = checkpoints.Concat(recorded).Distinct().ToList();
        var stored = (
            await connection.QueryAsync<ChainLink>(
                new CommandDefinition(
                    LinksSql,
                    new { sequences = compared.Select(c => c.Sequence).ToArray() },
                    transaction,
                    cancellationToken: cancellationToken
                )
            )
        ).ToDictionary(l => l.Sequence);
        foreach (var (sequence, hash) in compared.Select(c => (c.Sequence, c.Hash)))
        {
            if (CompareCheckpoint(sequence, hash, stored.GetValueOrDefault(sequence), head) is { } finding)
            {
                findings.Add(finding);
            }
        }

        var links = head?.Sequence ?? 0;
        return new ChainVerification(links, head, findings);
    }

    private static AuditFinding? CompareCheckpoint(long sequence, string hash, ChainLink? link, ChainLink? head)
    {
        var subject = $"checkpoint {sequence}:{hash[..12]}…";
        const string Action =
            "history was cut short or rewritten after the checkpoint was taken: stop writers, compare with the last signed backup "
            + "(`backup verify`) and restore what is missing (`backup restore`)";
        if (link is null)
        {
            return new AuditFinding(
                "chain_checkpoint",
                subject,
                head is null ? "the chain is empty, but the checkpoint says it had reached link " + sequence
                    : head.Sequence < sequence ? $"the chain ends at link {head.Sequence}, before the checkpoint's link {sequence}"
                    : $"the chain has no link {sequence} any more, though it goes on to link {head.Sequence}",
                Action
            );
        }

        return string.Equals(link.Hash, hash, StringComparison.Ordinal)
            ? null
            : new AuditFinding(
                "chain_checkpoint",
                subject,
                $"link {sequence} (entry id {link.JournalEntryId}) has hash {link.Hash[..12]}…, not the checkpoint's",
                Action
            );
    }

    private static AuditFinding Describe(Break found)
    {
        var others = found.Total > 1 ? $"; {Count(found.Total - 1, "later link breaks", "later links break")} the same way" : "";
        return found.Kind switch
        {
            "chain_sequence" => new AuditFinding(
                found.Kind,
                $"link {found.Sequence}",
                $"follows link {found.PreviousSequence}: the links between were removed{others}",
                "find who deleted them as the schema's owner; compare the journal with the last signed backup (`backup verify`)"
            ),
            "chain_entry_missing" => new AuditFinding(
                found.Kind,
                $"link {found.Sequence}",
                $"names entry id {found.JournalEntryId}, which is no longer in the journal{others}",
                "an entry was deleted: restore it from the last signed backup (`backup restore`) and find who deleted it"
            ),
            _ => new AuditFinding(
                found.Kind,
                $"entry {found.IdempotencyKey}",
                $"link {found.Sequence} (entry id {found.JournalEntryId}) does not match the entry, its postings and the link "
                    + $"before it (stored hash {found.Stored[..12]}…): the entry or its postings were changed after they were "
                    + $"written{others}",
                "compare the entry with the last signed backup (`backup verify`, then `entries` / `history`) and correct the "
                    + "difference with a compensating entry; find who wrote as the schema's owner"
            ),
        };
    }

    private static string Count(long n, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many)}");

    private sealed record Break(
        string Kind,
        long Sequence,
        long JournalEntryId,
        string? IdempotencyKey,
        long PreviousSequence,
        string Stored,
        long Total
    );

    private sealed record Unlinked(long JournalEntryId, string IdempotencyKey, long Total);
}
