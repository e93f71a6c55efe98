using Messaging.Ledger.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Messaging.IntegrationTests.Ledger;

/// <summary>
/// What the EF model cannot describe, and <see cref="MigrationSchemaTests"/> therefore cannot compare: the
/// triggers, functions and views the migrations create by hand, where the ledger's invariants live. They are
/// compared with a reviewed snapshot (definitions of triggers; a fingerprint of each function's body and view's
/// query), so none changes without the change being seen; and the view's columns with the EF mapping over it.
/// </summary>
[Collection(ProcessingCollection.Name)]
public sealed class DatabaseObjectsTests(ServersFixture servers)
{
    private const string ObjectsSql = """
        SELECT 'trigger ' || c.relname || '.' || t.tgname || ': ' || pg_get_triggerdef(t.oid)
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND NOT t.tgisinternal
        UNION ALL
        SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') returns ' || pg_get_function_result(p.oid)
               || CASE WHEN p.prosecdef THEN ' security definer' ELSE '' END || ': body md5 ' || md5(p.prosrc)
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public'
        UNION ALL
        SELECT 'view ' || v.viewname || ' (' || (SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM
            information_schema.columns
                                                 WHERE table_schema = 'public' AND table_name = v.viewname) || '): query md5 ' ||
                                                     md5(v.definition)
        FROM pg_views v WHERE v.schemaname = 'public'
        """;

    private static string SnapshotPath =>
        Path.Combine(RepositoryPaths.Root, "tests", "Messaging.IntegrationTests", "Ledger", "database-objects.snapshot.txt");

    [Fact]
    public async Task Should_match_the_reviewed_snapshot_when_migrations_are_applied()
    {
        var actual = await ObjectsAsync();
        var expected = File.ReadAllLines(SnapshotPath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        if (!expected.SequenceEqual(actual))
        {
            var received = Path.Combine(Path.GetTempPath(), "database-objects.received.txt");
            await File.WriteAllLinesAsync(received, actual);
            Assert.Fail(
                $"The database's triggers, functions or views differ from {SnapshotPath}.\n"
                    + $"Missing: {string.Join("\n  ", expected.Except(actual))}\nUnexpected: "
                    + $"{string.Join("\n  ", actual.Except(expected))}\n"
                    + $"If the change is intended, review {received} and copy it over the snapshot (keep its comment lines)."
            );
        }

        Assert.Contains(actual, l => l.StartsWith("trigger postings.trg_postings_apply:", StringComparison.Ordinal));
        Assert.Contains(actual, l => l.StartsWith("view user_points ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_map_every_column_of_the_user_points_view_when_the_model_is_compared()
    {
        await using var db = servers.CreateDbContext();
        var entity = db.Model.FindEntityType(typeof(UserPoints))!;
        var view = StoreObjectIdentifier.View("user_points");
        var mapped = entity.GetProperties().Select(p => p.GetColumnName(view)!).Order(StringComparer.Ordinal).ToList();

        var columns = new List<string>();
        await using var command = servers.DataSource.CreateCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND "
                + "table_name = 'user_points' ORDER BY column_name COLLATE \"C\""
        );
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }

        Assert.Equal(columns, mapped);
    }

    private async Task<List<string>> ObjectsAsync()
    {
        var rows = new List<string>();
        await using var command = servers.DataSource.CreateCommand(ObjectsSql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
