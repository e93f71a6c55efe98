using System.Text.Json;
using MassTransit;
using Messaging.Processing.Faults;
using Messaging.Processing.Hosting;

namespace Messaging.Processing.Gate;

/// <summary>
/// Which contract a received message says it is. A MassTransit envelope names its types; a plain JSON message is
/// named by the AMQP <c>type</c> property (the contract's name, its full .NET name or its exchange), else by the
/// exchange it was published to. The gate validates against that contract's schema, and the type guard hands the
/// message to that contract's consumer only.
/// </summary>
public static class IncomingContract
{
    private static readonly Dictionary<string, Type> ByName = MessageTopology.Contracts
        .SelectMany(c => new[] { c.Name, c.FullName!, MessageTopology.ExchangeFor(c) }.Select(name => (name, c)))
        .ToDictionary(p => p.name, p => p.c, StringComparer.Ordinal);

    private static readonly Dictionary<string, Type> ByUrn = MessageTopology.Contracts
        .ToDictionary(MessageUrn.ForTypeString, c => c, StringComparer.Ordinal);

    /// <summary>The contract of a plain JSON message; refused when nothing names one.</summary>
    public static Type OfPlainJson(ReceiveContext context, EndpointContracts endpoints)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(endpoints);
        if (!context.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit))
        {
            throw new MessageRejectedException("unknown_message_type", "A plain JSON message arrived without RabbitMQ properties, so nothing names its contract.");
        }

        var declared = rabbit.Properties.Type;
        if (!string.IsNullOrEmpty(declared))
        {
            return ByName.TryGetValue(declared, out var named)
                ? named
                : throw new MessageRejectedException("unknown_message_type",
                    $"A plain JSON message has the AMQP type '{declared}', which is no contract this processor reads: set it to one of " +
                    $"{string.Join(", ", MessageTopology.Contracts.Select(c => c.Name).Order(StringComparer.Ordinal))}, or leave it out and publish to the contract's exchange. The ledger is unchanged.");
        }

        var queue = context.InputAddress.Segments[^1];
        return MessageTopology.TypeOfExchange(rabbit.Exchange)
            ?? endpoints.SoleContractOf(queue)
            ?? throw new MessageRejectedException("unknown_message_type",
                $"A plain JSON message arrived on {queue}, which carries several contracts, through exchange '{rabbit.Exchange}' without a type: " +
                "publish it to its contract's exchange (for example redeem-requested) or set the AMQP type property to the contract name (for example RedeemRequested). The ledger is unchanged.");
    }

    /// <summary>The contract a plain JSON message is for, when it can be told; for wording a refusal.</summary>
    public static string DescribePlainJson(ReceiveContext context, EndpointContracts endpoints)
    {
        try
        {
            return OfPlainJson(context, endpoints).Name;
        }
        catch (MessageRejectedException)
        {
            return $"A message on {context?.InputAddress.Segments[^1]}";
        }
    }

    /// <summary>The first contract an envelope's <c>messageType</c> list names, or null when it names none of ours.</summary>
    public static Type? OfEnvelope(JsonElement envelope)
    {
        if (envelope.ValueKind != JsonValueKind.Object || !envelope.TryGetProperty("messageType", out var types) || types.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var urn in types.EnumerateArray())
        {
            if (urn.ValueKind == JsonValueKind.String && ByUrn.TryGetValue(urn.GetString()!, out var contract))
            {
                return contract;
            }
        }

        return null;
    }
}
