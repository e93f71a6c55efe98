using System.Reflection;
using Messaging.Ledger.Corrections;
using Messaging.Ledger.Journal;

namespace Messaging.UnitTests.Corrections;

public sealed class ReversalRulesTests
{
    public static TheoryData<string> EveryEntryType { get; } =
    [
        .. typeof(EntryTypes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!),
    ];

    [Theory]
    [MemberData(nameof(EveryEntryType))]
    public void Should_decide_every_entry_type_on_purpose_when_asked_to_reverse_it(string entryType)
    {
        var refusal = ReversalRules.RefusalFor(entryType, "k");

        // Either reversible, or refused with its own reason: none falls through to the catch-all.
        Assert.True(refusal is null == ReversalRules.Reversible.Contains(entryType), $"{entryType}: {refusal ?? "reversible"}");
        Assert.DoesNotContain("no rule says", refusal ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EntryTypes.OrderEarned)]
    [InlineData(EntryTypes.SignupBonus)]
    [InlineData(EntryTypes.FirstOrderBonus)]
    [InlineData(EntryTypes.Recognition)]
    public void Should_allow_a_reversal_when_every_figure_it_feeds_is_counted_back(string entryType) =>
        Assert.Null(ReversalRules.RefusalFor(entryType, "k"));

    [Theory]
    [InlineData(EntryTypes.Attendance, "`adjust USER -N --reason TEXT`")]
    [InlineData(EntryTypes.Redeemed, "`adjust USER -N --reason TEXT`")]
    [InlineData(EntryTypes.TenantAllocation, "`clawback TENANT N --reason TEXT`")]
    [InlineData(EntryTypes.TenantClawback, "`allocate TENANT N --reference-note TEXT`")]
    [InlineData(EntryTypes.TokensDeducted, "`quota plan USER PLAN`")]
    [InlineData(EntryTypes.Reversal, "record it again as a new entry")]
    public void Should_name_the_domain_operation_to_use_instead_when_a_type_is_not_reversed(string entryType, string instead) =>
        Assert.Contains(instead, ReversalRules.RefusalFor(entryType, "k"), StringComparison.Ordinal);
}
