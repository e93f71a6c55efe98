using System.Security.Cryptography;

namespace Messaging.Ledger.Fulfilment;

// 16 characters of Crockford base32 (80 random bits) in groups of four, with no I, L, O or U to misread. Guessing one is hopeless, and the
// database refuses a duplicate anyway.
public static class VoucherCodes
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string Next()
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        var chars = new char[19];
        for (int i = 0, c = 0; i < 16; i++)
        {
            if (i > 0 && i % 4 == 0)
            {
                chars[c++] = '-';
            }

            chars[c++] = Alphabet[random[i] & 31];
        }

        return new string(chars);
    }
}
