using System.CommandLine;
using System.Globalization;
using Messaging.Operations.Broker;
using Messaging.Operations.DeadLetters;

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
        var after = new Option<string?>("--after")
        {
            Description = "With --limit, the page after the one that printed this token (its `next page: --after TOKEN` line).",
        };
        filter.AddTo(command);
        command.Options.Add(after);
        command.SetAction((result, cancellationToken) => DeadLetterCommand.RunAsync(context, result, cancellationToken, async operations =>
                {
                    var criteria = filter.Read(result);
                    DeadLetterPageToken? token = null;
                    if (result.GetValue(after) is { } text && (criteria.Limit is null || !DeadLetterPageToken.TryDecode(text, out token)))
                    {
                        throw new BrokerProblemException(
                            BrokerProblemKind.Usage,
                            criteria.Limit is null
                                ? "--after pages: give --limit too, the page size (as when the token was printed)."
                                : $"--after '{text}' is not a page token: pass the one a `next page:` line printed, with the same filters."
                        );
                    }

                    // With a limit, a page: it says how to ask for the next one.
                    var page = criteria.Limit is null
                        ? new DeadLetterPage(await operations.ShowAsync(criteria, cancellationToken), null)
                        : await operations.PageAsync(criteria, token, cancellationToken);
                    var shown = page.Messages;
                    if (context.WantsJson(result))
                    {
                        await context.WriteJsonAsync(new { messages = shown, next = page.Next });
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
                    if (page.Next is not null)
                    {
                        await context.Output.WriteLineAsync($"next page: --after {page.Next}");
                    }

                    return ExitCodes.Ok;
                }));
        return command;
    }
}
