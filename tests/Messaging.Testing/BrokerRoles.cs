using System.Text.RegularExpressions;

namespace Messaging.Testing;

/// <summary>
/// The broker users each party logs in as, from eng/rabbitmq/users.tsv, so that tests publish and consume as production
/// does: producers, admins and fulfilment systems publish as their own users, the processor consumes as its own, dead-letter
/// operations run as <c>ledger_dlq</c>. The administrator (<see cref="RabbitEndpoint.User"/>) only provisions: virtual
/// hosts, users, and the test's own observing queues.
/// </summary>
public static class BrokerRoles
{
    public const string Processor = "ledger_processor";
    public const string Orders = "ledger_orders";
    public const string Redemptions = "ledger_redemptions";
    public const string Events = "ledger_events";
    public const string Admin = "ledger_admin";
    public const string Fulfilment = "ledger_fulfilment";
    public const string DeadLetters = "ledger_dlq";

    /// <summary>users.tsv's lines: user, tags, configure, write, read.</summary>
    public static IReadOnlyList<string[]> Lines { get; } =
        File.ReadLines(Path.Combine(RepositoryPaths.Root, "eng", "rabbitmq", "users.tsv"))
            .Where(l => !l.StartsWith('#') && l.Length > 0)
            .Select(l => l.Split('\t'))
            .Where(f => f.Length == 5)
            .ToList();

    /// <summary>
    /// The password eng/servers.sh gives a user (LEDGER_MQ_PASSWORD_&lt;USER&gt;, else LEDGER_MQ_PASSWORD, else ledger); the
    /// container fixtures create the users with the same.
    /// </summary>
    public static string PasswordOf(string user) =>
        Environment.GetEnvironmentVariable("LEDGER_MQ_PASSWORD_" + user.ToUpperInvariant())
        ?? Environment.GetEnvironmentVariable("LEDGER_MQ_PASSWORD")
        ?? "ledger";

    /// <summary>The upstream system's user that may publish to an exchange: none but the processor's and the administrator's
    /// otherwise.</summary>
    public static string? PublisherOf(string exchange) =>
        Lines
            .Where(l => l[0] is not (Processor or "ledger") && l[1] != "administrator")
            .FirstOrDefault(l => Regex.IsMatch(exchange, l[3], RegexOptions.CultureInvariant))
            ?[0];

    /// <summary>The same broker as <paramref name="rabbit"/>, logged in as <paramref name="user"/>.</summary>
    public static RabbitEndpoint As(this RabbitEndpoint rabbit, string user) => rabbit with { User = user, Password = PasswordOf(user) };
}
