using System.Globalization;

namespace Messaging.Ledger.Chain;

/// <summary>A link as someone kept it (<c>SEQUENCE:HASH</c>), to compare with the chain now.</summary>
public sealed record ChainCheckpoint(long Sequence, string Hash)
{
    public const string Format = "SEQUENCE:HASH (a link's number, a colon, its 64 hex digits)";

    public static bool TryParse(string? text, out ChainCheckpoint checkpoint)
    {
        checkpoint = new ChainCheckpoint(0, ChainLink.GenesisHash);
        var parts = (text ?? "").Trim().Split(':');
        if (
            parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || sequence < 1
            || parts[1].Length != ChainLink.GenesisHash.Length
            || !parts[1].All(Uri.IsHexDigit)
        )
        {
            return false;
        }

        checkpoint = new ChainCheckpoint(sequence, parts[1].ToLowerInvariant());
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Sequence}:{Hash}");
}
