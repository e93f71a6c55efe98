using System.Data;
using System.Runtime.CompilerServices;
using Dapper;
using Messaging.Ledger.Queries;
using Messaging.Ledger.Tenants;

namespace Messaging.UnitTests;

/// <summary>
/// The ledger's Dapper setup, on rows shaped as Npgsql returns them (timestamptz as a UTC DateTime, date as a DateOnly), so
/// no server is needed: snake_case columns reach records' constructors and classes' properties, and timestamps their
/// DateTimeOffset (or DateTimeOffset?) members.
/// </summary>
public sealed class LedgerMappingTests
{
    // Runs the ledger's module initializer, as its first query would (a type lookup alone does not).
    public LedgerMappingTests() => RuntimeHelpers.RunModuleConstructor(typeof(LedgerQueries).Module.ModuleHandle);

    [Fact]
    public void Should_fill_a_record_by_name_when_its_columns_are_snake_case()
    {
        var earned = new DateTime(2026, 11, 21, 9, 30, 0, DateTimeKind.Utc);
        using var rows = UserFiguresRows(DataSetDateTime.Utc, ("u1", earned), ("u2", null));

        var figures = Read<UserFigures>(rows);

        Assert.Equal(new UserFigures("u1", 10, 2, 8, 12, 2, new DateTimeOffset(earned), 1, 3), figures[0]);
        Assert.Equal(TimeSpan.Zero, figures[0].LastEarnedAt!.Value.Offset);
        Assert.Null(figures[1].LastEarnedAt);
    }

    [Fact]
    public void Should_fill_a_record_with_a_date_when_the_column_is_a_date()
    {
        using var table = new DataTable();
        table.Columns.Add("period", typeof(DateOnly));
        table.Columns.Add("entry_type", typeof(string));
        table.Columns.Add("entries", typeof(long));
        table.Columns.Add("points", typeof(long));
        table.Rows.Add(new DateOnly(2026, 11, 16), "earned", 3L, 45L);

        Assert.Equal(new EarnedRow(new DateOnly(2026, 11, 16), "earned", 3, 45), Read<EarnedRow>(table).Single());
    }

    [Fact]
    public void Should_set_a_class_by_name_when_its_columns_are_snake_case()
    {
        var at = new DateTime(2026, 11, 21, 9, 30, 0, DateTimeKind.Utc);
        using var table = new DataTable();
        table.Columns.Add("tenant_id", typeof(string));
        table.Columns.Add("name", typeof(string));
        table.Columns.Add("time_zone", typeof(string));
        table.Columns.Add("monthly_giving_allowance", typeof(long));
        table.Columns.Add(new DataColumn("created_at", typeof(DateTime)) { DateTimeMode = DataSetDateTime.Utc });
        table.Columns.Add(new DataColumn("updated_at", typeof(DateTime)) { DateTimeMode = DataSetDateTime.Utc });
        table.Rows.Add("acme", "Acme", "Europe/Paris", DBNull.Value, at, at.AddHours(1));

        var tenant = Read<Tenant>(table).Single();

        Assert.Equal(("acme", "Acme", "Europe/Paris"), (tenant.TenantId, tenant.Name, tenant.TimeZone));
        Assert.Null(tenant.MonthlyGivingAllowance);
        Assert.Equal(new DateTimeOffset(at.AddHours(1)), tenant.UpdatedAt);
    }

    [Fact]
    public void Should_refuse_a_timestamp_without_time_zone_when_a_DateTimeOffset_is_expected()
    {
        using var rows = UserFiguresRows(
            DataSetDateTime.Unspecified,
            ("u1", new DateTime(2026, 11, 21, 9, 30, 0, DateTimeKind.Unspecified))
        );

        var error = Assert.ThrowsAny<Exception>(() => Read<UserFigures>(rows));

        Assert.IsType<InvalidCastException>(error.InnerException ?? error);
    }

    private static List<T> Read<T>(DataTable table)
    {
        using var reader = table.CreateDataReader();
        var parse = reader.GetRowParser<T>();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(parse(reader));
        }

        return rows;
    }

    // As Npgsql reads user_points: last_earned_at a UTC DateTime for timestamptz (an Unspecified one would be a timestamp without time
    // zone).
    private static DataTable UserFiguresRows(DataSetDateTime kind, params (string User, DateTime? LastEarnedAt)[] users)
    {
        var table = new DataTable();
        foreach (
            var column in new[] { "user_id", "current_points", "held_points", "available_points", "lifetime_earned", "lifetime_redeemed" }
        )
        {
            table.Columns.Add(column, column == "user_id" ? typeof(string) : typeof(long));
        }

        table.Columns.Add(new DataColumn("last_earned_at", typeof(DateTime)) { DateTimeMode = kind });
        table.Columns.Add("lifetime_refunded", typeof(long));
        table.Columns.Add("lifetime_expired", typeof(long));
        foreach (var (user, lastEarnedAt) in users)
        {
            table.Rows.Add(user, 10L, 2L, 8L, 12L, 2L, lastEarnedAt is { } at ? at : DBNull.Value, 1L, 3L);
        }

        return table;
    }
}
