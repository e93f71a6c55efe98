namespace Messaging.Ledger.Writing;

// MessageId is null for an operator's or the sweeper's work.
internal readonly record struct Provenance(Guid? MessageId, string? TraceId)
{
    public static Provenance None => default;

    public static Provenance Of(LedgerWrite command) => new(command.SourceMessageId, command.TraceId);
}
