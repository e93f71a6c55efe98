using System.Data;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Dapper;

namespace Messaging.Ledger;

// Set once per process, before any query runs.
internal static class LedgerMapping
{
    // A module initializer, because the ledger has many hosts (processor, API, CLI, worker, tests) and no composition root
    // that all of them pass through before their first query; this runs before any code of the ledger does.
    [ModuleInitializer]
    [SuppressMessage(
        "Usage",
        "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "Dapper's mapping is process-wide and must be set before the ledger's first query, whichever host runs it."
    )]
    internal static void Register()
    {
        // Columns are snake_case (user_id), records PascalCase (UserId); Dapper 2.1 applies this to constructor parameters too.
        DefaultTypeMap.MatchNamesWithUnderscores = true;

        // Npgsql reads timestamptz as a UTC DateTime; the records hold DateTimeOffset (the handler serves DateTimeOffset? too).
        SqlMapper.AddTypeHandler(new UtcDateTimeOffsetHandler());

        // Npgsql reads text[] as an array whose declared field type is System.Array, which Dapper would not match with a
        // record's string[] parameter; a handler makes it. Parameters keep going to Npgsql as arrays (ANY(@codes)).
        SqlMapper.AddTypeHandler(new StringArrayHandler());
    }

    private sealed class StringArrayHandler : SqlMapper.TypeHandler<string[]>
    {
        public override string[] Parse(object value) => (string[])value;

        public override void SetValue(IDbDataParameter parameter, string[]? value) => parameter.Value = value;
    }

    private sealed class UtcDateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override DateTimeOffset Parse(object value) =>
            value switch
            {
                DateTime { Kind: DateTimeKind.Utc } utc => new DateTimeOffset(utc),
                DateTimeOffset offset => offset,

                // As Npgsql's own GetFieldValue<DateTimeOffset> does: a timestamp without time zone has no instant to give.
                _ => throw new InvalidCastException(
                    $"Cannot read {value} ({value.GetType().Name}) as a DateTimeOffset: only timestamptz columns (UTC) map to one."
                ),
            };

        // Dapper writes DateTimeOffset parameters itself (as DbType.DateTimeOffset, before it looks for a handler); the
        // same here, should that ever change.
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.DateTimeOffset;
            parameter.Value = value;
        }
    }
}
