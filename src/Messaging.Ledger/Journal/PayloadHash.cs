using System.Security.Cryptography;
using System.Text;

namespace Messaging.Ledger.Journal;

// Fingerprint of the business fields behind an idempotency key, so that the same key arriving with different content is told apart from
// a plain duplicate.
public static class PayloadHash
{
    public static string Of(params string?[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        // A unit separator cannot occur in ids or codes, so ("a|b", "c") and ("a", "b|c") differ.
        var canonical = string.Join('\u001f', fields.Select(f => f ?? "\u2400"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
