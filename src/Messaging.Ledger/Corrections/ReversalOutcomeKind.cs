using System.Text.Json.Serialization;

namespace Messaging.Ledger.Corrections;

[JsonConverter(typeof(JsonStringEnumConverter<ReversalOutcomeKind>))]
public enum ReversalOutcomeKind
{
    /// <summary>The compensating entry was written.</summary>
    Reversed,

    /// <summary>The entry was reversed before; nothing more was written.</summary>
    AlreadyReversed,

    /// <summary>No entry has that key.</summary>
    NotFound,

    /// <summary>The reversal would break a rule (an account below zero, a reversal of a reversal); nothing was written.</summary>
    Refused,
}
