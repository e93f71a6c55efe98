namespace Messaging.Ledger.Writing;

public enum LedgerOutcomeKind
{
    /// <summary>The entries were written in this transaction.</summary>
    Applied,

    /// <summary>The same fact was applied before (same key, same payload): nothing to do.</summary>
    AlreadyApplied,

    /// <summary>The key was applied before with a different payload: refused, nothing written.</summary>
    Conflict,

    /// <summary>The command's <see cref="LedgerGuard"/> refused it (a pool too small, say): nothing written, a reason for the
    /// requester.</summary>
    Refused,

    /// <summary>
    /// Not applied for now (its issuer's daily cap, <see cref="IssuanceCaps"/>): nothing written, and the message is
    /// dead-lettered with the reason and its inbox claim released, so a replay applies it once the reason is gone.
    /// </summary>
    Rejected,
}
