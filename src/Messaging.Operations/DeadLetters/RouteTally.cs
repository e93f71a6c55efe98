namespace Messaging.Operations.DeadLetters;

// Keeps the ids of only the first MaxIds per route, so a replay of a hundred thousand reports in constant memory.
public sealed class RouteTally
{
    public const int MaxIds = 1000;

    private readonly Dictionary<(string Queue, string Source), (int Count, List<string?> Ids)> _routes = [];

    public int Count { get; private set; }

    public void Add(DeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var key = (letter.Queue, letter.SourceQueue);
        var (count, ids) = _routes.TryGetValue(key, out var route) ? route : (0, new List<string?>());
        if (ids.Count < MaxIds)
        {
            ids.Add(letter.MessageId);
        }

        _routes[key] = (count + 1, ids);
        Count++;
    }

    public IReadOnlyList<ReplayRoute> Routes() =>
        [.. _routes.Select(r => new ReplayRoute(r.Key.Queue, r.Key.Source, r.Value.Count, r.Value.Ids))];

    public IReadOnlyList<PurgeQueue> Queues() =>
        [.. _routes.GroupBy(r => r.Key.Queue).Select(g => new PurgeQueue(g.Key, g.Sum(r => r.Value.Count)))];

    public IReadOnlyList<string?> FirstIds() => [.. _routes.Values.SelectMany(r => r.Ids).Take(MaxIds)];
}
