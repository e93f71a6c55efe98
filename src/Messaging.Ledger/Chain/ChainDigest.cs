using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Messaging.Ledger.Backups;

namespace Messaging.Ledger.Chain;

// The hash chain computed from a backup, without a database: the same canonical form as Schema/Views/ledger_chain_digests.sql (each
// field as its UTF-8 length, a colon and the text, '-' for none; times as microseconds since 1970; postings by account id, then amount,
// the ids taken from the backup's accounts). A backup made by this ledger verifies only if both agree, which SignedBackupTests prove
// against a real database.
public static class ChainDigest
{
    /// <summary>The SHA-256 of one entry's canonical form.</summary>
    /// <exception cref="KeyNotFoundException">A posting's account has no id in <paramref name="accountIds"/>.</exception>
    public static byte[] Of(BackupEntry entry, IReadOnlyDictionary<string, long> accountIds)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(accountIds);
        var text = new StringBuilder();
        Field(text, entry.IdempotencyKey);
        Field(text, entry.EntryType);
        Field(text, entry.Description);
        Field(text, entry.PayloadHash);
        Field(text, entry.SourceMessageId?.ToString("D"));
        Field(text, Microseconds(entry.OccurredAt));
        Field(text, Microseconds(entry.RecordedAt));
        Field(text, Microseconds(entry.PointsExpireAt));
        Field(text, entry.Metadata);
        var postings = entry.Postings.Select(p => (Account: accountIds[p.Account], p.Amount)).Order().ToList();
        text.Append(postings.Count.ToString(CultureInfo.InvariantCulture)).Append(';');
        foreach (var (account, amount) in postings)
        {
            Field(text, account.ToString(CultureInfo.InvariantCulture));
            Field(text, amount.ToString(CultureInfo.InvariantCulture));
        }

        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>A link's hash: the SHA-256 of the previous link's hash followed by the entry's digest.</summary>
    public static string Link(string previousHash, BackupEntry entry, IReadOnlyDictionary<string, long> accountIds) =>
        Convert.ToHexStringLower(SHA256.HashData([.. Convert.FromHexString(previousHash), .. Of(entry, accountIds)]));

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
