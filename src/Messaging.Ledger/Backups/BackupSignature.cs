namespace Messaging.Ledger.Backups;

/// <summary>
/// The optional third line of a backup: an Ed25519 signature of its header line (which carries the contents' SHA-256 and the chain's
/// head), and the public key that made it (raw, base64), so a verifier can say which key signed even when it was not given one to trust.
/// </summary>
public sealed record BackupSignature(string Algorithm, string PublicKey, string Signature)
{
    public const string Ed25519 = "Ed25519";
}
