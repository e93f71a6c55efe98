namespace Messaging.Operations.DeadLetters;

public sealed record ReplayOutlook(int WouldApply, int AlreadyApplied, int WouldBeRefusedAgain, int Unknown)
{
    public static ReplayOutlook None { get; } = new(0, 0, 0, 0);

    public static ReplayOutlook Of(IReadOnlyList<string> verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        return new(
            verdicts.Count(v => v == ReplayPreview.WouldApply),
            verdicts.Count(v => v == ReplayPreview.AlreadyApplied),
            verdicts.Count(v => v.StartsWith(ReplayPreview.RefusedPrefix, StringComparison.Ordinal)),
            verdicts.Count(v => v.StartsWith(ReplayPreview.UnknownPrefix, StringComparison.Ordinal))
        );
    }

    public ReplayOutlook Plus(ReplayOutlook other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(
            WouldApply + other.WouldApply,
            AlreadyApplied + other.AlreadyApplied,
            WouldBeRefusedAgain + other.WouldBeRefusedAgain,
            Unknown + other.Unknown
        );
    }
}
