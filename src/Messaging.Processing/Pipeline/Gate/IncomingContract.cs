using System.Text.Json;
using MassTransit;
using Messaging.Contracts;
using Messaging.Contracts.Gate;
using Messaging.Processing.Pipeline.Parking;

namespace Messaging.Processing.Pipeline.Gate;

// A MassTransit envelope names its types; a plain JSON message is named by the AMQP type property (the contract's name, its full .NET
// name or its exchange), else by the exchange it was published to. The gate validates against that contract's schema, and the type
// guard hands the message to that contract's consumer only.
public static class IncomingContract
{
    private static readonly Dictionary<string, Type> ByName = ContractExchanges
        .Contracts.SelectMany(c => new[] { c.Name, c.FullName!, ContractExchanges.ExchangeFor(c) }.Select(name => (name, c)))
        .ToDictionary(p => p.name, p => p.c, StringComparer.Ordinal);

    private static readonly Dictionary<string, Type> ByUrn = ContractExchanges.Contracts.ToDictionary(
        MessageUrn.ForTypeString,
        c => c,
        StringComparer.Ordinal
    );

    /// <exception cref="MessageRejectedException">Nothing names a contract.</exception>
    public static Type OfPlainJson(ReceiveContext context, EndpointContracts endpoints)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(endpoints);
        if (!context.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit))
        {
            throw new MessageRejectedException(
                "unknown_message_type",
                "A plain JSON message arrived without RabbitMQ properties, so nothing names its contract."
            );
        }

        // Only the processor and the dead-letter tool may publish through the default exchange or a queue's own exchange;
        // a producer may publish only to its contracts' exchanges, so the exchange bounds what a message can claim to be.
        var exchange = ParkedIdentity.ExchangeOf(rabbit);
        var carried = ContractExchanges.TypeOfExchange(exchange);
        var declared = rabbit.Properties.Type;
        if (!string.IsNullOrEmpty(declared))
        {
            if (!ByName.TryGetValue(declared, out var named))
            {
                throw new MessageRejectedException(
                    "unknown_message_type",
                    $"A plain JSON message has the AMQP type '{declared}', which is no contract this processor reads: set it to one of "
                        + string.Join(", ", ContractExchanges.Contracts.Select(c => c.Name).Order(StringComparer.Ordinal))
                        + ", or leave it out and publish to the contract's exchange. The ledger is unchanged."
                );
            }

            return carried is null || named == carried ? named : throw WrongExchange(named, exchange!, carried);
        }

        var queue = context.InputAddress.Segments[^1];
        return carried
            ?? endpoints.SoleContractOf(queue)
            ?? throw new MessageRejectedException(
                "unknown_message_type",
                $"A plain JSON message arrived on {queue}, which carries several contracts, through "
                    + $"exchange '{rabbit.Exchange}' without a type: "
                    + "publish it to its contract's exchange (for example redeem-requested) or set the AMQP type "
                    + "property to the contract name (for example RedeemRequested). The ledger is unchanged."
            );
    }

    /// <summary>Refuses an envelope that names one of our contracts other than the one its exchange carries.</summary>
    public static void RequireCarriedBy(Type contract, ReceiveContext context)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(context);
        if (
            context.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit)
            && ParkedIdentity.ExchangeOf(rabbit) is { } exchange
            && ContractExchanges.TypeOfExchange(exchange) is { } carried
            && carried != contract
        )
        {
            throw WrongExchange(contract, exchange, carried);
        }
    }

    // A producer allowed to publish one contract could otherwise forge another system's answer (a fulfilment's RewardIssueFailed through
    // redeem-requested).
    private static MessageRejectedException WrongExchange(Type named, string exchange, Type carried) =>
        new(
            "wrong_exchange",
            $"A message published to exchange '{exchange}' says it is {named.Name}, but that exchange carries only {carried.Name}: "
                + $"publish {named.Name} to its own exchange, {ContractExchanges.ExchangeFor(named)}, as the "
                + "broker user of the system that owns it "
                + "(contracts/README.md names who publishes what). The ledger is unchanged."
        );

    /// <summary>For wording a refusal; when the contract cannot be told, says what the message does name.</summary>
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

    /// <summary>Null when the envelope names none of our contracts.</summary>
    public static Type? OfEnvelope(JsonElement envelope) => ContractGate.ContractsOfEnvelope(envelope).FirstOrDefault();
}
