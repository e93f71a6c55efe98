namespace Messaging.Ledger.Persistence;

/// <summary>SQL literals from the C# constants that define a set of values, so a check constraint never lists them again.</summary>
internal static class SqlLists
{
    /// <summary><c>column IN ('a', 'b')</c> for the given values.</summary>
    public static string In(string column, params string[] values) =>
        $"{column} IN ({string.Join(", ", values.Select(v => $"'{v.Replace("'", "''", StringComparison.Ordinal)}'"))})";
}
