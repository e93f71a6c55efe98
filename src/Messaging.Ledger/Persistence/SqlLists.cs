namespace Messaging.Ledger.Persistence;

// SQL literals from the C# constants that define a set of values, so a check constraint never lists them again.
internal static class SqlLists
{
    public static string In(string column, params string[] values) =>
        $"{column} IN ({string.Join(", ", values.Select(v => $"'{v.Replace("'", "''", StringComparison.Ordinal)}'"))})";
}
