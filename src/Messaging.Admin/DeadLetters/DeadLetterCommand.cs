using System.CommandLine;
using System.Text.Json;
using Messaging.Ledger.Operations;
using Npgsql;

namespace Messaging.Admin.DeadLetters;

/// <summary>
/// <c>dlq list | show | replay | purge</c>: inspect the *_error and *_skipped queues MassTransit dead-letters into, and move
/// messages back to their source queue once the cause is fixed. Reading never removes a message; replay removes one
/// only after the broker confirmed its re-publish.
/// </summary>
internal static class DeadLetterCommand
{
    public static Command Create(AdminContext context)
    {
        var command = new Command("dlq", "Inspect and replay dead-lettered messages (queues named *_error and *_skipped).");
        context.AddRabbitOptionsTo(command);
        command.Subcommands.Add(DeadLetterListCommand.Create(context));
        command.Subcommands.Add(DeadLetterShowCommand.Create(context));
        command.Subcommands.Add(DeadLetterReplayCommand.Create(context));
        command.Subcommands.Add(DeadLetterPurgeCommand.Create(context));
        return command;
    }

    /// <summary>Runs a dlq action on a connected broker (see <see cref="ReportBrokerProblemsAsync"/>).</summary>
    public static Task<int> RunAsync(AdminContext context, ParseResult result, CancellationToken cancellationToken,
        Func<DeadLetterBroker, Task<int>> action) =>
        ReportBrokerProblemsAsync(context, async () =>
        {
            await using var broker = await DeadLetterBroker.ConnectAsync(RabbitSettings.From(context, result), cancellationToken);
            return await action(broker);
        });

    /// <summary>Runs a broker command (dlq, queues), turning the problems an operator can fix into a message on stderr and an exit code.</summary>
    public static async Task<int> ReportBrokerProblemsAsync(AdminContext context, Func<Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action();
        }
        catch (DeadLetterException ex)
        {
            await context.Error.WriteLineAsync(ex.Message);
            return ex.ExitCode;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException ex)
        {
            // Anything read and not yet acked goes back to its queue when the broker closes the channel.
            await context.Error.WriteLineAsync(
                $"RabbitMQ interrupted the operation ({ex.ShutdownReason?.ReplyText ?? ex.Message}); unacknowledged messages return to their queue " +
                "(an interrupted `queues migrate` resumes where it stopped). Check the user's permissions on the virtual host and the broker's logs " +
                "(`bash eng/servers.sh up` restarts a stopped broker), then run the command again.");
            return ExitCodes.Unreachable;
        }
    }

    /// <summary>The dead-letter queues to look at: all of them, or the one --queue names (exit 4 when it is not one).</summary>
    /// <summary>
    /// Reads every dead-letter queue in scope and keeps the matching messages. Everything read stays held
    /// (unacked) until the broker is disposed or requeues it, so no message is read twice and the ones not
    /// acted on go back to their queue.
    /// </summary>
    public static async Task<List<DeadLetter>> HoldMatchingAsync(DeadLetterBroker broker, DeadLetterFilter.Criteria criteria, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var matches = new List<DeadLetter>();
        foreach (var (queue, _) in await QueuesAsync(broker, criteria.Queue, cancellationToken))
        {
            foreach (var letter in await broker.ReadAsync(queue, cancellationToken))
            {
                if (criteria.Matches(letter, now) && (criteria.Limit is not { } limit || matches.Count < limit))
                {
                    matches.Add(letter);
                }
            }
        }

        return matches;
    }

    /// <summary>
    /// Writes a finished dead-letter action to operator_actions. The action itself is done, so a failure here is
    /// reported (false), not thrown.
    /// </summary>
    public static async Task<bool> RecordAsync(
        AdminContext context, ParseResult result, string action, object parameters, string outcome, CancellationToken cancellationToken)
    {
        try
        {
            await using var dataSource = context.DataSource(result);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await OperatorActionLog.RecordAsync(connection, context.OperatorName(result), action, JsonSerializer.Serialize(parameters), outcome, cancellationToken);
            return true;
        }
        catch (NpgsqlException ex)
        {
            await context.Error.WriteLineAsync(
                $"The {action} is done, but it could not be recorded in operator_actions ({ex.Message}). Check --connection / ConnectionStrings__Ledger.");
            return false;
        }
    }

    public static async Task<IReadOnlyList<(string Queue, long Messages)>> QueuesAsync(
        DeadLetterBroker broker, string? queue, CancellationToken cancellationToken)
    {
        var queues = await broker.DeadLetterQueuesAsync(cancellationToken);
        if (queue is null)
        {
            return queues;
        }

        var match = queues.Where(q => q.Queue == queue).ToList();
        return match.Count > 0
            ? match
            : throw new DeadLetterException(ExitCodes.NotFound,
                $"No dead-letter queue '{queue}' in virtual host '{broker.Settings.VirtualHost}'. " +
                (queues.Count == 0 ? "It has none (nothing was dead-lettered yet)." : $"It has: {string.Join(", ", queues.Select(q => q.Queue))}.") +
                " Check the name, or pass the right --rabbit-vhost.");
    }
}
