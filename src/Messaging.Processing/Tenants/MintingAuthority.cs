using System.Text.Json;
using MassTransit;
using Messaging.Contracts;
using Messaging.Ledger.Refusals;
using Messaging.Ledger.Tenants;
using Messaging.Processing.Pipeline.Inbox;
using Messaging.Processing.Pipeline.Parking;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Processing.Tenants;

// Minting needs the broker to vouch for an authorised admin: RabbitMQ checks the AMQP user_id property against the publishing
// connection's user, so a producer cannot claim to be someone else, and the processor requires that user to be on
// TenantOptions.Administrators. A refusal is recorded (who tried, what, when) in ledger_refusals before the message is dead-lettered.
public sealed class MintingAuthority(IOptions<TenantOptions> options, NpgsqlDataSource database)
{
    /// <summary>In ledger_refusals and the dead letter.</summary>
    public const string RefusedCode = "unauthorised_minting";

    /// <returns>The authorised broker user who published the command.</returns>
    /// <exception cref="MessageRejectedException">No user id, or one not on the list; the attempt is recorded first.</exception>
    public async Task<string> AuthoriseAsync<TMessage>(ConsumeContext<TMessage> context, string idempotencyKey)
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery) ? delivery.Properties.UserId : null;
        if (!string.IsNullOrEmpty(user) && options.Value.Administrators.Contains(user, StringComparer.Ordinal))
        {
            return user;
        }

        var replayedFrom = string.IsNullOrEmpty(user) && delivery is not null ? ParkedIdentity.OriginalUserOf(delivery) : null;
        var reason =
            replayedFrom is not null
                ? $"{typeof(TMessage).Name} was replayed or edited from a dead-letter queue (first published "
                    + $"by RabbitMQ user '{replayedFrom}'): "
                    + "a replay cannot mint, because the operator's tool that re-published it vouches for nobody; nothing was minted. "
                    + "Re-issue it as an administrator: `ledger allocate` / `ledger clawback`, or POST "
                    + "/api/v1/tenants/{id}/allocations or /clawbacks."
            : string.IsNullOrEmpty(user)
                ? $"{typeof(TMessage).Name} has no AMQP user_id property, so nobody vouches for who published it; nothing was minted. "
                    + "Publish it with user_id set to your connection's RabbitMQ user (RabbitMQ checks it), as "
                    + "an admin on Tenants:Administrators."
            : $"{typeof(TMessage).Name} was published by RabbitMQ user '{user}', who is not on Tenants:Administrators; nothing was minted. "
                + "Publish it as an authorised admin, or add the user to Tenants:Administrators if it should mint.";
        await RecordAsync(context, idempotencyKey, user, reason);
        throw new MessageRejectedException(RefusedCode, reason);
    }

    private async Task RecordAsync<TMessage>(ConsumeContext<TMessage> context, string idempotencyKey, string? user, string reason)
        where TMessage : class
    {
        // The payload with who published it: the audit record of the attempt.
        var payload = JsonSerializer.Serialize(new { publishedBy = user, message = context.Message }, Pipeline.Outbox.OutboxWriter.Json);
        await using var connection = await database.OpenConnectionAsync(context.CancellationToken);
        await LedgerRefusals.InsertAsync(
            connection,
            [new RefusalRecord(context.MessageId ?? Guid.Empty, InboxConsumer.Of(context), idempotencyKey, RefusedCode, reason, payload)],
            context.CancellationToken
        );
    }
}
