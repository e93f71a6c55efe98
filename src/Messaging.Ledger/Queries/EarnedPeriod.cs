namespace Messaging.Ledger.Queries;

/// <summary>How <see cref="LedgerQueries.EarnedAsync"/> groups credits: per UTC day, or per week starting on Monday.</summary>
public enum EarnedPeriod
{
    Day,
    Week,
}
