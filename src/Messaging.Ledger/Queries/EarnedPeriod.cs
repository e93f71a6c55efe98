namespace Messaging.Ledger.Queries;

/// <summary>Per UTC day, or per week starting on Monday.</summary>
public enum EarnedPeriod
{
    Day,
    Week,
}
