using System.CommandLine;
using System.Globalization;

namespace Messaging.Admin.DeadLetters;

internal static class DeadLetterShowCommand
{
    private const int BodyPreview = 500;

    public static Command Create(AdminContext context)
    {
        var filter = new DeadLetterFilter();
        var command = new Command(
            "show",
            "Show the dead-lettered messages that match: id, queue, type, reason, exception, first "
                + "failure time, delivery counts and body. Removes nothing."
        );
        filter.AddTo(command);
        command.SetAction((result, cancellationToken) => DeadLetterCommand.RunAsync(context, result, cancellationToken, async operations =>
                {
                    var shown = await operations.ShowAsync(filter.Read(result), cancellationToken);
                    if (context.WantsJson(result))
                    {
                        await context.WriteJsonAsync(new { messages = shown });
                        return ExitCodes.Ok;
                    }

                    foreach (var view in shown)
                    {
                        await context.Output.WriteLineAsync($"message {view.MessageId ?? "(no message id)"}");
                        await context.Output.WriteLineAsync($"  queue           {view.Queue} (source {view.SourceQueue})");
                        await context.Output.WriteLineAsync($"  type            {view.Type}");
                        await context.Output.WriteLineAsync($"  reason          {view.Reason ?? "(none recorded)"}");
                        await context.Output.WriteLineAsync($"  exception       {view.ExceptionType ?? "(none recorded)"}");
                        await context.Output.WriteLineAsync(
                            $"  published by    {view.PublishedBy ?? "(no user_id)"} to {view.PublishedTo ?? "(exchange not recorded)"}"
                        );
                        await context.Output.WriteLineAsync(
                            $"  first failed at {view.FirstFailedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "(unknown)"}"
                        );
                        if (view.RedeliveryCount is { } redeliveries)
                        {
                            await context.Output.WriteLineAsync($"  redeliveries    {redeliveries}");
                        }

                        if (view.DeliveryCount is { } deliveries)
                        {
                            await context.Output.WriteLineAsync($"  delivery count  {deliveries} (reads from the dead-letter queue)");
                        }

                        var body =
                            view.Body.Length <= BodyPreview ? view.Body : view.Body[..BodyPreview] + $"... ({view.Body.Length} chars)";
                        await context.Output.WriteLineAsync($"  body ({view.ContentType ?? "no content type"})");
                        await context.Output.WriteLineAsync($"    {body}");
                    }

                    await context.Output.WriteLineAsync($"{shown.Count} message(s)");
                    return ExitCodes.Ok;
                }));
        return command;
    }
}
