using System.Globalization;
using System.Text;

namespace Messaging.Benchmarks.Infrastructure;

/// <summary>
/// One OrderCompleted to publish. The order id carries the phase and the index, so that a PointsEarned
/// coming back can be matched to its publish time without a lookup: <c>o-{phase}-{index}</c>.
/// </summary>
internal readonly record struct OrderSpec(char Phase, int Index, int User, int AmountCents, Guid MessageId, bool FirstOrderOfUser)
{
    public string OrderId => string.Create(CultureInfo.InvariantCulture, $"o-{Phase}-{Index}");

    public string UserId => string.Create(CultureInfo.InvariantCulture, $"user-{User:D6}");

    public decimal Amount => AmountCents / 100m;

    public string AmountText => string.Create(CultureInfo.InvariantCulture, $"{AmountCents / 100}.{AmountCents % 100:D2}");

    /// <summary>Points the processor credits for the order itself (1 point per USD, rounded down).</summary>
    public long Points => AmountCents / 100;

    /// <summary>The plain JSON body an upstream (non-.NET) order system publishes.</summary>
    public byte[] ToJson(DateTimeOffset occurredAt) =>
        Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $$"""{"orderId":"{{OrderId}}","userId":"{{UserId}}","amount":""")
                + string.Create(
                    CultureInfo.InvariantCulture,
                    $$"""{{AmountText}},"currency":"USD","occurredAt":"{{occurredAt:yyyy-MM-ddTHH:mm:ss.fffZ}}"}"""
                )
        );

    /// <summary>Parses the phase and index back out of an order id; false when it is not one of ours.</summary>
    public static bool TryParseOrderId(ReadOnlySpan<char> orderId, out char phase, out int index)
    {
        phase = default;
        index = -1;
        if (orderId.Length < 5 || orderId[0] != 'o' || orderId[1] != '-' || orderId[3] != '-')
        {
            return false;
        }

        phase = orderId[2];
        return int.TryParse(orderId[4..], NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }
}

/// <summary>
/// Deterministic order stream: users drawn uniformly from <c>users</c> ids, amounts 10.00–200.00 USD,
/// a fresh UUID message id each. Tracks which orders are a user's first, which changes what the
/// processor writes (signup and first-order bonus entries).
/// </summary>
internal sealed class OrderGenerator(int users, int seed = 20261121)
{
#pragma warning disable CA5394 // Not security: a reproducible workload.
    private readonly Random _random = new(seed);
    private readonly HashSet<int> _seenUsers = [];

    public int DistinctUsers => _seenUsers.Count;

    public long TotalPoints { get; private set; }

    public OrderSpec Next(char phase, int index)
    {
        var user = _random.Next(users);
        var cents = 1000 + _random.Next(19_001);
        var first = _seenUsers.Add(user);
        var spec = new OrderSpec(phase, index, user, cents, Guid.NewGuid(), first);
        TotalPoints += spec.Points;
        return spec;
    }
#pragma warning restore CA5394

    public OrderSpec[] Take(char phase, int count)
    {
        var specs = new OrderSpec[count];
        for (var i = 0; i < count; i++)
        {
            specs[i] = Next(phase, i);
        }

        return specs;
    }
}
