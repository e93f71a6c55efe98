using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Messaging.Ledger.Backups;

namespace Messaging.Ledger.Chain;

// The hash chain computed from a backup, without a database: the same canonical form as Schema/Views/ledger_chain_digests.sql and
// Schema/Functions/ledger_chain_entry_digest.sql (each field as its UTF-8 length, a colon and the text, '-' for none; times as
// microseconds since 1970; postings by account id, then amount, the ids taken from the backup's accounts). A backup made by this ledger
// verifies only if both agree, which SignedBackupTests prove against a real database.
public static class ChainDigest
{
    /// <summary>One entry's digest: the SHA-256 of its fields' SHA-256 followed by its postings' SHA-256.</summary>
    /// <exception cref="KeyNotFoundException">A posting's account has no id in <paramref name="accountIds"/>.</exception>
    public static byte[] Of(BackupEntry entry, IReadOnlyDictionary<string, long> accountIds)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(accountIds);
        var fields = new StringBuilder();
        Field(fields, entry.IdempotencyKey);
        Field(fields, entry.EntryType);
        Field(fields, entry.Description);
        Field(fields, entry.PayloadHash);
        Field(fields, entry.SourceMessageId?.ToString("D"));
        Field(fields, Microseconds(entry.OccurredAt));
        Field(fields, Microseconds(entry.RecordedAt));
        Field(fields, Microseconds(entry.PointsExpireAt));
        Field(fields, entry.Metadata);

        var postings = new StringBuilder();
        var sorted = entry.Postings.Select(p => (Account: accountIds[p.Account], p.Amount)).Order().ToList();
        postings.Append(sorted.Count.ToString(CultureInfo.InvariantCulture)).Append(';');
        foreach (var (account, amount) in sorted)
        {
            Field(postings, account.ToString(CultureInfo.InvariantCulture));
            Field(postings, amount.ToString(CultureInfo.InvariantCulture));
        }

        return SHA256.HashData([.. Sha256(fields), .. Sha256(postings)]);
    }

    /// <summary>A link's hash: the SHA-256 of the previous link's hash followed by the entry's digest.</summary>
    public static string Link(string previousHash, BackupEntry entry, IReadOnlyDictionary<string, long> accountIds) =>
        Convert.ToHexStringLower(SHA256.HashData([.. Convert.FromHexString(previousHash), .. Of(entry, accountIds)]));

    private static byte[] Sha256(StringBuilder text) => SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));

    private static void Field(StringBuilder text, string? value)
    {
        if (value is null)
        {
            text.Append('-');
            return;
        }

        text.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
    }

    private static string? Microseconds(DateTimeOffset? time) =>
        time is { } t ? ((t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10).ToString(CultureInfo.InvariantCulture) : null;
}
