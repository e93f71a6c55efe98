using Messaging.Ledger.Journal;

namespace Messaging.Ledger.Writing;

/// <summary>A <see cref="LedgerGuard"/>'s answer: write this entry and draw on these limits, or refuse with a reason.</summary>
public sealed record GuardDecision
{
    private GuardDecision() { }

    /// <summary>The entry to write in place of the command's primary (a clawback may take less than it asked for).</summary>
    public EntryDraft? Entry { get; private init; }

    /// <summary>How much of each limit the entry uses.</summary>
    public IReadOnlyList<LimitDraw> Draws { get; private init; } = [];

    /// <summary>The refusal's code (such as <c>insufficient_allocation</c>), when refused.</summary>
    public string? RefusalCode { get; private init; }

    /// <summary>Why it was refused, for the requester and the refusal log.</summary>
    public string? RefusalReason { get; private init; }

    public static GuardDecision Apply(EntryDraft entry, params IReadOnlyList<LimitDraw> draws) => new() { Entry = entry, Draws = draws };

    public static GuardDecision Refuse(string code, string reason) => new() { RefusalCode = code, RefusalReason = reason };
}
