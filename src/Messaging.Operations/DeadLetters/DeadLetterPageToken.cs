using System.Globalization;
using System.Text;

namespace Messaging.Operations.DeadLetters;

/// <summary>
/// Where a page of dead letters ended: the last message's queue and id, and how many matching messages of that queue came up to it
/// (<see cref="Index"/>). The next page starts after that message; if it left the queue meanwhile (replayed, purged), after as many
/// matching messages as came before it. Opaque to callers: <see cref="Encode"/> and <see cref="TryDecode"/>.
/// </summary>
public sealed record DeadLetterPageToken(string Queue, string? MessageId, int Index)
{
    public string Encode() =>
        Convert
            .ToBase64String(Encoding.UTF8.GetBytes($"{Index.ToString(CultureInfo.InvariantCulture)}\n{Queue}\n{MessageId}"))
            .TrimEnd('=')
            .Replace('+', '-')
            .Replace('/', '_');

    public static bool TryDecode(string? text, out DeadLetterPageToken? token)
    {
        token = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var base64 = text.Trim().Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return false;
        }

        var parts = decoded.Split('\n');
        if (
            parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || index < 1
            || parts[1].Length == 0
        )
        {
            return false;
        }

        token = new DeadLetterPageToken(parts[1], parts[2].Length == 0 ? null : parts[2], index);
        return true;
    }
}
