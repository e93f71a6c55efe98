namespace Messaging.Admin.Reports;

/// <summary>One line of <c>report earned</c>: a period's credits of one entry type.</summary>
internal sealed record EarnedRow(DateOnly Period, string EntryType, long Entries, long Points);
