namespace Messaging.Ledger.Writing;

public enum LedgerOutcomeKind
{
    Applied,

    /// <summary>Same key, same payload: nothing to do.</summary>
    AlreadyApplied,

    /// <summary>Same key, different payload: refused, nothing written.</summary>
    Conflict,

    /// <summary>The command's <see cref="LedgerGuard"/> refused it (a pool too small, say): nothing written.</summary>
    Refused,

    /// <summary>
    /// Not applied for now (its issuer's daily cap): nothing written, and the message is dead-lettered with the reason and its inbox claim
    /// released, so a replay applies it once the reason is gone.
    /// </summary>
    Rejected,
}
