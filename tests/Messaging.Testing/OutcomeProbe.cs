using System.Text.Json;

namespace Messaging.Testing;

/// <summary>Collects the final outcomes the processor published, per redemption id.</summary>
public sealed class OutcomeProbe(Broker broker, IReadOnlyDictionary<string, string> queues)
{
    private readonly List<(string Exchange, Guid RedemptionId, JsonElement Body)> _seen = [];

    /// <summary>Every outcome seen so far (exchange, redemption id, body), reading what arrived since the last call.</summary>
    public async Task<IReadOnlyList<(string Exchange, Guid RedemptionId, JsonElement Body)>> AllAsync()
    {
        foreach (var (exchange, queue) in queues)
        {
            foreach (var message in await broker.DrainAsync(queue))
            {
                var body = JsonDocument.Parse(message.Body).RootElement.Clone();
                _seen.Add((exchange, body.GetProperty("redemptionId").GetGuid(), body));
            }
        }

        return _seen;
    }

    public async Task<IReadOnlyList<(string Exchange, JsonElement Body)>> ForAsync(Guid redemptionId) =>
        (await AllAsync()).Where(o => o.RedemptionId == redemptionId).Select(o => (o.Exchange, o.Body)).ToList();

    /// <summary>Waits until the redemption has an outcome, then returns it (asserting later there is only one).</summary>
    public async Task<(string Exchange, JsonElement Body)> AwaitAsync(Guid redemptionId, TimeSpan timeout)
    {
        await Eventually.HoldsAsync(
            async () => (await ForAsync(redemptionId)).Count > 0,
            timeout,
            $"an outcome for redemption {redemptionId}"
        );
        return (await ForAsync(redemptionId))[0];
    }
}
