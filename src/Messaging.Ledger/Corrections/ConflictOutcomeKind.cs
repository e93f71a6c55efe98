using System.Text.Json.Serialization;

namespace Messaging.Ledger.Corrections;

[JsonConverter(typeof(JsonStringEnumConverter<ConflictOutcomeKind>))]
public enum ConflictOutcomeKind
{
    /// <summary>The applied entry was reversed and the chosen copy applied in its place, in one transaction.</summary>
    AppliedInstead,

    /// <summary>The applied entry stays; the other copy was set aside (recorded with its content).</summary>
    KeptApplied,

    /// <summary>The key's conflict was resolved before; nothing more was written.</summary>
    AlreadyResolved,

    /// <summary>There is no conflict: nothing is applied under the key, or the same content is.</summary>
    NoConflict,

    /// <summary>The resolution would break a rule (an account below zero); nothing was written.</summary>
    Refused,
}
