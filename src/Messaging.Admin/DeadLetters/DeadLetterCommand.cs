using System.CommandLine;
using System.Text.Json;
using Messaging.Ledger.Operations;
using Messaging.Operations.Broker;
using Messaging.Operations.DeadLetters;
using Npgsql;

namespace Messaging.Admin.DeadLetters;

// Reading never removes a message; replay removes one only after the broker confirmed its re-publish.
internal static class DeadLetterCommand
{
    public static Command Create(AdminContext context)
    {
        var command = new Command(
            "dlq",
            "Inspect, replay, edit, purge dead-lettered messages and resolve their conflicts (queues named *_error and *_skipped)."
        );
        context.AddRabbitOptionsTo(command);
        command.Subcommands.Add(DeadLetterListCommand.Create(context));
        command.Subcommands.Add(DeadLetterShowCommand.Create(context));
        command.Subcommands.Add(DeadLetterReplayCommand.Create(context));
        command.Subcommands.Add(DeadLetterPurgeCommand.Create(context));
        command.Subcommands.Add(DeadLetterRestoreCommand.Create(context));
        command.Subcommands.Add(DeadLetterEditCommand.Create(context));
        command.Subcommands.Add(DeadLetterConflictCommand.Show(context));
        command.Subcommands.Add(DeadLetterConflictCommand.Resolve(context));
        return command;
    }

    public static Task<int> RunAsync(
        AdminContext context,
        ParseResult result,
        CancellationToken cancellationToken,
        Func<DeadLetterOperations, Task<int>> action
    ) => ReportBrokerProblemsAsync(context, async () =>
        {
            await using var broker = await DeadLetterBroker.ConnectAsync(
                context.RabbitSettings(result),
                "ledger-admin dlq",
                cancellationToken
            );
            return await action(new DeadLetterOperations(broker, TimeProvider.System));
        });

    /// <summary>Turns the broker problems an operator can fix into a message on stderr and an exit code.</summary>
    public static async Task<int> ReportBrokerProblemsAsync(AdminContext context, Func<Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action();
        }
        catch (BrokerProblemException ex)
        {
            await context.Error.WriteLineAsync(ex.Message);
            return ExitCodes.Of(ex.Kind);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException ex)
        {
            // Anything read and not yet acked goes back to its queue when the broker closes the channel.
            await context.Error.WriteLineAsync(
                $"RabbitMQ interrupted the operation ({ex.ShutdownReason?.ReplyText ?? ex.Message}); "
                    + "unacknowledged messages return to their queue "
                    + "(an interrupted `queues migrate` resumes where it stopped). Check the user's permissions "
                    + "on the virtual host and the broker's logs "
                    + "(`bash eng/servers.sh up` restarts a stopped broker), then run the command again."
            );
            return ExitCodes.Unreachable;
        }
    }

    /// <summary>Writes a finished action to operator_actions. The action is already done, so a failure is reported (false), not
    /// thrown.</summary>
    public static async Task<bool> RecordAsync(
        AdminContext context,
        ParseResult result,
        string action,
        object parameters,
        string outcome,
        CancellationToken cancellationToken
    )
    {
        try
        {
            await using var dataSource = context.DataSource(result);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await OperatorActionLog.RecordAsync(
                connection,
                context.OperatorName(result),
                action,
                JsonSerializer.Serialize(parameters),
                outcome,
                cancellationToken
            );
            return true;
        }
        catch (NpgsqlException ex)
        {
            await context.Error.WriteLineAsync(
                $"The {action} is done, but it could not be recorded in operator_actions ({ex.Message}). "
                    + "Check --connection / ConnectionStrings__Ledger."
            );
            return false;
        }
    }
}
