using System.CommandLine;
using Messaging.Ledger.Operations;
using Messaging.Operations.Broker;
using Messaging.Operations.Endpoints;

namespace Messaging.Admin.Incidents;

// A paused message type's queue is no longer consumed by any processor (within seconds); its messages wait in the queue until resumed.
internal static class PauseCommand
{
    public static Command CreatePause(AdminContext context)
    {
        var type = new Argument<string>("message-type")
        {
            Description = "The message type (e.g. OrderCompleted) or its queue (ledger-order-completed).",
        };
        var reason = new Option<string>("--reason")
        {
            Description = "Why (shown by `paused`, the API's health and the operator log).",
            Required = true,
        };
        var command = new Command(
            "pause",
            "Stop every processor consuming one message type: its messages wait in their queue until `resume`."
        )
        {
            type,
            reason,
        };
        command.SetAction((result, cancellationToken) => RunAsync(context, result, async pauses =>
                {
                    var (messageType, queue) = PausableEndpoints.Resolve(result.GetValue(type)!);
                    var changed = await pauses.PauseAsync(
                        queue,
                        messageType,
                        result.GetValue(reason)!,
                        context.OperatorName(result),
                        cancellationToken
                    );
                    await context.Output.WriteLineAsync(
                        changed
                            ? $"paused {messageType}: processors stop consuming {queue} within "
                                + $"{PausableEndpoints.FollowedWithin.TotalSeconds:0} s; its messages wait there until "
                                + $"`resume {messageType}`"
                            : $"{messageType} was paused already; nothing changed (`paused` says by whom and why)"
                    );
                    return ExitCodes.Ok;
                }));
        return command;
    }

    public static Command CreateResume(AdminContext context)
    {
        var type = new Argument<string>("message-type") { Description = "The message type (e.g. OrderCompleted) or its queue." };
        var command = new Command("resume", "Let processors consume a paused message type again.") { type };
        command.SetAction((result, cancellationToken) => RunAsync(context, result, async pauses =>
                {
                    var (messageType, queue) = PausableEndpoints.Resolve(result.GetValue(type)!);
                    var changed = await pauses.ResumeAsync(queue, messageType, context.OperatorName(result), cancellationToken);
                    await context.Output.WriteLineAsync(
                        changed
                            ? $"resumed {messageType}: processors consume {queue} again within "
                                + $"{PausableEndpoints.FollowedWithin.TotalSeconds:0} s"
                            : $"{messageType} was not paused; nothing changed"
                    );
                    return ExitCodes.Ok;
                }));
        return command;
    }

    public static Command CreateList(AdminContext context)
    {
        var command = new Command("paused", "The message types paused now, by whom, why and since when.");
        command.SetAction((result, cancellationToken) => RunAsync(context, result, async pauses =>
                {
                    var list = await pauses.ListAsync(cancellationToken);
                    if (context.WantsJson(result))
                    {
                        await context.WriteJsonAsync(new { paused = list });
                        return ExitCodes.Ok;
                    }

                    foreach (var pause in list)
                    {
                        await context.Output.WriteLineAsync(
                            $"{pause.MessageType} ({pause.Queue})  paused by {pause.PausedBy} at {pause.PausedAt:u}: {pause.Reason}"
                        );
                    }

                    await context.Output.WriteLineAsync(list.Count == 0 ? "nothing is paused" : $"{list.Count} message type(s) paused");
                    return ExitCodes.Ok;
                }));
        return command;
    }

    private static async Task<int> RunAsync(AdminContext context, ParseResult result, Func<EndpointPauses, Task<int>> action)
    {
        try
        {
            await using var dataSource = context.DataSource(result);
            return await action(new EndpointPauses(dataSource));
        }
        catch (BrokerProblemException ex)
        {
            await context.Error.WriteLineAsync(ex.Message);
            return ExitCodes.Of(ex.Kind);
        }
    }
}
