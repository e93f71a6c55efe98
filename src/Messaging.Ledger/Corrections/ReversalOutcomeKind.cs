using System.Text.Json.Serialization;

namespace Messaging.Ledger.Corrections;

[JsonConverter(typeof(JsonStringEnumConverter<ReversalOutcomeKind>))]
public enum ReversalOutcomeKind
{
    Reversed,

    /// <summary>Nothing more was written.</summary>
    AlreadyReversed,

    NotFound,

    /// <summary>The reversal would break a rule (an account below zero, a reversal of a reversal); nothing was written.</summary>
    Refused,
}
