using System.Text.Json.Serialization;

namespace Messaging.Ledger.Corrections;

[JsonConverter(typeof(JsonStringEnumConverter<ConflictOutcomeKind>))]
public enum ConflictOutcomeKind
{
    /// <summary>The applied entry was reversed and the chosen copy applied in its place, in one transaction.</summary>
    AppliedInstead,

    /// <summary>The other copy was set aside (recorded with its content).</summary>
    KeptApplied,

    /// <summary>Nothing more was written.</summary>
    AlreadyResolved,

    /// <summary>Nothing is applied under the key, or the same content is.</summary>
    NoConflict,

    /// <summary>The resolution would break a rule (an account below zero); nothing was written.</summary>
    Refused,
}
