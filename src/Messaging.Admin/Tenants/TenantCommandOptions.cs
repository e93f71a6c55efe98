using System.CommandLine;
using System.CommandLine.Parsing;
using Messaging.Ledger.Tenants;
using Messaging.Operations.Broker;
using Messaging.Operations.DeadLetters;

namespace Messaging.Admin.Tenants;

internal static class TenantCommandOptions
{
    public static Option<int> Wait() =>
        new("--wait")
        {
            Description = "Seconds to wait for the processor's answer (1-600).",
            DefaultValueFactory = _ => 30,
            Validators =
            {
                r =>
                {
                    if (r.GetValueOrDefault<int>() is < 1 or > 600)
                    {
                        r.AddError("--wait must be between 1 and 600 seconds.");
                    }
                },
            },
        };

    public static void CheckNote(CommandResult result, string? text, string option)
    {
        if (text is { Length: > 500 })
        {
            result.AddError($"{option} must be at most 500 characters (got {text.Length}).");
        }
    }

    public static async Task<int> SendAsync(
        AdminContext context,
        ParseResult result,
        string tenantId,
        string exchange,
        string outcomeExchange,
        object message,
        string idProperty,
        string id,
        string key,
        int waitSeconds,
        Func<CommandAnswer, Task<int>> printAnswer,
        CancellationToken cancellationToken
    )
    {
        await using var dataSource = context.DataSource(result);
        if (await new TenantDirectory(dataSource).FindAsync(tenantId, cancellationToken) is null)
        {
            await context.Error.WriteLineAsync(
                $"No tenant '{tenantId}' is registered (ids are case-sensitive), so the processor would "
                    + "refuse the command; nothing was sent. "
                    + $"Register it with `tenant add {tenantId} --name <name>`; `tenants` lists them."
            );
            return ExitCodes.NotFound;
        }

        try
        {
            await using var broker = await DeadLetterBroker.ConnectAsync(
                context.RabbitSettings(result),
                "ledger-admin commands",
                cancellationToken
            );
            var sender = new AdminCommandSender(broker, dataSource);
            var replies = await sender.ListenAsync(outcomeExchange, cancellationToken);
            var sentAt = DateTimeOffset.UtcNow.AddSeconds(-1);
            var messageId = await sender.SendAsync(exchange, message, cancellationToken);
            var answer = await sender.AwaitAsync(
                replies,
                idProperty,
                id,
                key,
                sentAt,
                TimeSpan.FromSeconds(waitSeconds),
                cancellationToken
            );
            if (answer is null)
            {
                await context.Error.WriteLineAsync(
                    $"Sent {message.GetType().Name} {id} (message {messageId}) as RabbitMQ user "
                        + $"'{broker.Settings.User}', but no answer came within {waitSeconds} s. "
                        + "Is the processor running? If it refused the message, `dlq show` lists it with the reason "
                        + $"(queue {exchange}'s error queue). Sending the same id again is applied once."
                );
                return ExitCodes.Unreachable;
            }

            if (context.WantsJson(result))
            {
                await context.WriteJsonAsync(
                    new
                    {
                        id,
                        messageId,
                        outcome = answer.Outcome,
                        refusal = answer.RefusalCode,
                        reason = answer.RefusalReason,
                    }
                );
                return answer.Outcome is not null || answer.RefusalCode == TenantRefusalCodes.PoolEmpty ? ExitCodes.Ok : ExitCodes.Refused;
            }

            if (answer.Outcome is null && answer.RefusalCode != TenantRefusalCodes.PoolEmpty)
            {
                await context.Error.WriteLineAsync($"{message.GetType().Name} {id} refused ({answer.RefusalCode}): {answer.RefusalReason}");
                return ExitCodes.Refused;
            }

            return await printAnswer(answer);
        }
        catch (BrokerProblemException ex)
        {
            await context.Error.WriteLineAsync(ex.Message);
            return ExitCodes.Of(ex.Kind);
        }
    }
}
