using Messaging.Ledger.Journal;

namespace Messaging.Ledger.Writing;

public sealed record GuardDecision
{
    private GuardDecision() { }

    /// <summary>Replaces the command's primary (a clawback may take less than it asked for).</summary>
    public EntryDraft? Entry { get; private init; }

    public IReadOnlyList<LimitDraw> Draws { get; private init; } = [];

    /// <summary>Such as insufficient_allocation; null unless refused.</summary>
    public string? RefusalCode { get; private init; }

    /// <summary>For the requester and the refusal log.</summary>
    public string? RefusalReason { get; private init; }

    public static GuardDecision Apply(EntryDraft entry, params IReadOnlyList<LimitDraw> draws) => new() { Entry = entry, Draws = draws };

    public static GuardDecision Refuse(string code, string reason) => new() { RefusalCode = code, RefusalReason = reason };
}
