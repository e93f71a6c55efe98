using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Messaging.Ledger.Backups;

// Ed25519, not HMAC-SHA256: checking a backup needs only the public key, so whoever verifies or restores one (an auditor, a recovery
// machine) cannot forge one, and the private key stays with the job that makes them. Keys are PEM files as OpenSSL writes them
// (`openssl genpkey -algorithm ed25519`), through libsodium (NSec): no signature code of our own.
public static class BackupSigning
{
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    /// <exception cref="InvalidBackupException">The text is not an Ed25519 private key in PEM (PKCS#8).</exception>
    public static Key ImportPrivateKey(string pem)
    {
        try
        {
            return Key.Import(Algorithm, Encoding.ASCII.GetBytes(pem.Trim()), KeyBlobFormat.PkixPrivateKeyText);
        }
        catch (FormatException ex)
        {
            throw new InvalidBackupException(NotAKey("private", "-----BEGIN PRIVATE KEY-----"), ex);
        }
    }

    /// <exception cref="InvalidBackupException">The text is not an Ed25519 public key in PEM (SubjectPublicKeyInfo).</exception>
    public static PublicKey ImportPublicKey(string pem)
    {
        try
        {
            return PublicKey.Import(Algorithm, Encoding.ASCII.GetBytes(pem.Trim()), KeyBlobFormat.PkixPublicKeyText);
        }
        catch (FormatException ex)
        {
            throw new InvalidBackupException(NotAKey("public", "-----BEGIN PUBLIC KEY-----"), ex);
        }
    }

    public static BackupSignature Sign(Key key, string headerLine)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new BackupSignature(
            BackupSignature.Ed25519,
            Convert.ToBase64String(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)),
            Convert.ToBase64String(Algorithm.Sign(key, Encoding.UTF8.GetBytes(headerLine)))
        );
    }

    /// <summary>Whether <paramref name="signature"/> is <paramref name="key"/>'s over the header line.</summary>
    public static bool Verify(PublicKey key, string headerLine, BackupSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        try
        {
            return signature.Algorithm == BackupSignature.Ed25519
                && Algorithm.Verify(key, Encoding.UTF8.GetBytes(headerLine), Convert.FromBase64String(signature.Signature));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The key embedded in a signature line, to verify against when no trusted key was given.</summary>
    /// <exception cref="InvalidBackupException">The line's key is not a raw Ed25519 public key.</exception>
    public static PublicKey EmbeddedKey(BackupSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        try
        {
            return PublicKey.Import(Algorithm, Convert.FromBase64String(signature.PublicKey), KeyBlobFormat.RawPublicKey);
        }
        catch (FormatException ex)
        {
            throw new InvalidBackupException("The signature line's public key is not an Ed25519 key: the file was damaged.", ex);
        }
    }

    /// <summary>A short name for a public key: the first 16 hex digits of the SHA-256 of its raw bytes.</summary>
    public static string Fingerprint(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(key.Export(KeyBlobFormat.RawPublicKey)))[..16];
    }

    private static string NotAKey(string kind, string begins) =>
        $"not an Ed25519 {kind} key in PEM (a file that begins {begins}); make a key pair with "
        + "`openssl genpkey -algorithm ed25519 -out backup-signing.pem` and "
        + "`openssl pkey -in backup-signing.pem -pubout -out backup-signing.pub.pem`";
}
