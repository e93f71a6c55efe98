using Messaging.Operations.Broker;

namespace Messaging.Operations.Endpoints;

// Pausing a type stops every processor consuming its queue (a redemption request pauses the whole redemption saga, whose messages share
// its queue).
public static class PausableEndpoints
{
    /// <summary>How often processors read the pauses: a pause or a resume takes effect within this.</summary>
    public static readonly TimeSpan FollowedWithin = TimeSpan.FromSeconds(2);

    private static readonly (string MessageType, string Queue)[] Endpoints =
    [
        .. LedgerEndpoints.All.Where(e => e.PausedAs is not null).Select(e => (e.PausedAs!, e.Queue)),
    ];

    /// <summary>Either may be named (case-insensitive).</summary>
    /// <exception cref="BrokerProblemException">Neither names one (Usage), with the list of those that do.</exception>
    public static (string MessageType, string Queue) Resolve(string typeOrQueue)
    {
        ArgumentNullException.ThrowIfNull(typeOrQueue);
        foreach (var endpoint in Endpoints)
        {
            if (
                string.Equals(endpoint.MessageType, typeOrQueue, StringComparison.OrdinalIgnoreCase)
                || string.Equals(endpoint.Queue, typeOrQueue, StringComparison.OrdinalIgnoreCase)
            )
            {
                return endpoint;
            }
        }

        throw new BrokerProblemException(
            BrokerProblemKind.Usage,
            $"'{typeOrQueue}' is no message type this processor consumes; pause one of: "
                + $"{string.Join(", ", Endpoints.Select(e => $"{e.MessageType} ({e.Queue})"))}."
        );
    }
}
