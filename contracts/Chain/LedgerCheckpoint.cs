namespace Messaging.Contracts.Chain;

/// <summary>
/// The head of the journal's hash chain, once a UTC day, for someone outside the ledger to keep: a link remembered elsewhere proves later
/// that nothing up to it was changed, removed or cut off (<c>audit --checkpoint SEQUENCE:HASH</c>). Published by the points processor
/// (outbox); consumed by auditors. Exchange <c>ledger-checkpoint</c> (fanout). JSON Schema:
/// <c>contracts/schemas/ledger-checkpoint.v1.json</c>.
/// </summary>
/// <param name="Sequence">The link's number: how many entries the journal had committed, the first being 1.</param>
/// <param name="JournalEntryId">The entry the link covers (the latest committed).</param>
/// <param name="Hash">The link's SHA-256, 64 lower-case hex digits, covering every entry up to it, their postings and their order.</param>
/// <param name="Day">The UTC day this is the checkpoint of (one per day, whichever processor takes it).</param>
/// <param name="OccurredAt">When it was taken.</param>
public sealed record LedgerCheckpoint(long Sequence, long JournalEntryId, string Hash, DateOnly Day, DateTimeOffset OccurredAt);
