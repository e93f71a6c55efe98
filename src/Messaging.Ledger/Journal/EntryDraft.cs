using Messaging.Ledger.Accounts;

namespace Messaging.Ledger.Journal;

// Balanced by construction: the constructor refuses postings that do not sum to zero (and the database refuses them again).
public sealed record EntryDraft
{
    public EntryDraft(
        string idempotencyKey,
        string entryType,
        string description,
        string payloadHash,
        DateTimeOffset occurredAt,
        IReadOnlyList<PostingDraft> postings,
        string metadataJson = "{}"
    )
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        ArgumentNullException.ThrowIfNull(postings);
        if (postings.Count < 2 || postings.Any(p => p.Amount == 0) || postings.Sum(p => p.Amount) != 0)
        {
            throw new ArgumentException(
                $"Entry '{idempotencyKey}' does not balance: it needs two or more non-zero postings summing to zero.",
                nameof(postings)
            );
        }

        IdempotencyKey = idempotencyKey;
        EntryType = entryType;
        Description = description;
        PayloadHash = payloadHash;
        OccurredAt = occurredAt;
        Postings = postings;
        MetadataJson = metadataJson;
    }

    public string IdempotencyKey { get; }
    public string EntryType { get; }
    public string Description { get; }
    public string PayloadHash { get; }
    public DateTimeOffset OccurredAt { get; }
    public IReadOnlyList<PostingDraft> Postings { get; }
    public string MetadataJson { get; init; }

    /// <summary>
    /// When the wallet points it credits expire, for an entry that says so itself (a restore); otherwise the writer's expiry policy decides
    /// by entry type.
    /// </summary>
    public DateTimeOffset? PointsExpireAt { get; init; }

    /// <summary>Null: now. A restore writes back an entry recorded before.</summary>
    public DateTimeOffset? RecordedAt { get; init; }

    public static EntryDraft Transfer(
        string idempotencyKey,
        string entryType,
        string description,
        string payloadHash,
        DateTimeOffset occurredAt,
        AccountRef from,
        AccountRef to,
        long amount,
        string metadataJson = "{}"
    )
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        return new EntryDraft(
            idempotencyKey,
            entryType,
            description,
            payloadHash,
            occurredAt,
            [new PostingDraft(from, -amount), new PostingDraft(to, amount)],
            metadataJson
        );
    }
}
