namespace Messaging.Ledger.Writing;

/// <summary>Where an entry came from: the message that caused it and that message's trace, as the journal records them.</summary>
/// <param name="MessageId">The message, or null (an operator's or the sweeper's work).</param>
/// <param name="TraceId">The message's W3C trace id, or null.</param>
internal readonly record struct Provenance(Guid? MessageId, string? TraceId)
{
    public static Provenance None => default;

    public static Provenance Of(LedgerWrite command) => new(command.SourceMessageId, command.TraceId);
}
